// The guard against a worker that never answers (web/src/engine/worker-host.js),
// in Node: a worker whose thread is stuck (here: loading an engine script that is
// a named pipe nobody writes to, as Firefox's worker once stuck in `new Worker()`)
// fails its request with a message after the limit, and is ended; nothing hangs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { liveWorkerCount, startWorker } from '../../../web/src/engine/worker-host.js';

const dir = mkdtempSync(join(tmpdir(), 'playground-stuck-'));
const pipe = join(dir, 'playground-single.js');

afterAll(() => {
  // Unblock the stuck read (a writer opens and closes the pipe: end of file), so the thread can end.
  try {
    closeSync(openSync(pipe, 'w'));
  } catch {
    /* nobody was reading */
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a worker that never finishes loading fails with a message within its limit, and is ended', async () => {
  execFileSync('mkfifo', [pipe]);
  const before = liveWorkerCount();
  const started = Date.now();
  const error = await startWorker(`${pathToFileURL(dir).href}/`, undefined, 500).then(
    () => undefined,
    (e: unknown) => e,
  );
  const waited = Date.now() - started;
  console.log(`stuck worker: rejected after ${waited} ms with ${String(error)}`);
  expect(String(error)).toContain('the engine worker did not load within 0.5 s');
  expect(waited).toBeGreaterThanOrEqual(450);
  expect(waited).toBeLessThan(5_000);
  expect(liveWorkerCount()).toBe(before);
});
