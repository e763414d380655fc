// @vitest-environment node
// The Vite plugin reads the C++ files when the module is loaded, and in the dev
// server an edit to a C++ file gives the new excerpt: the page cannot drift from
// the source. Runs against a small project in a temporary directory.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { excerptsPlugin } from '../../web/plugins/excerpts-plugin';
import type { ExcerptBundle } from '../../web/src/code/types';

const demo = (call: string) => `#include <string>\n// [excerpt lesson.serial]\nvoid run() {\n  ${call}\n}\n// [/excerpt]\n`;

describe('excerpts plugin', () => {
  let root: string;
  let server: ViteDevServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'excerpts-'));
    mkdirSync(join(root, 'wasm', 'demos'), { recursive: true });
    mkdirSync(join(root, 'scenarios'));
    writeFileSync(join(root, 'scenarios', 'lesson.json'), JSON.stringify({ id: 'lesson', modes: [{ id: 'serial' }] }));
    writeFileSync(join(root, 'wasm', 'demos', 'lesson.cpp'), demo('wait("lesson.serial.wait");'));
    server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [excerptsPlugin({ root })],
      server: { middlewareMode: true, hmr: false, watch: { usePolling: true, interval: 50 } },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const load = async () => ((await server.ssrLoadModule('virtual:excerpts')) as { default: ExcerptBundle }).default;

  it('serves the excerpts of the files as they are', async () => {
    const bundle = await load();
    expect(bundle.problems).toEqual([]);
    const lines = bundle.excerpts['lesson.serial'].parts[0].lines;
    expect(lines.map((l) => l.text)).toEqual(['void run() {', '  wait("lesson.serial.wait");', '}']);
    expect(lines[1]).toMatchObject({ n: 4, sites: ['lesson.serial.wait'] });
  });

  it('reloads the page for an edit of an excerpt, not for other edits of the engine', async () => {
    await load();
    const send = vi.spyOn(server.ws, 'send');
    writeFileSync(join(root, 'wasm', 'demos', 'other.cpp'), 'int unrelated() { return 1; }\n');
    await new Promise((r) => setTimeout(r, 600));
    expect(send).not.toHaveBeenCalled();
    writeFileSync(join(root, 'wasm', 'demos', 'lesson.cpp'), demo('wait("lesson.serial.edited");'));
    await expect.poll(() => send.mock.calls.length, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    expect(send).toHaveBeenCalledWith({ type: 'full-reload' });
    send.mockRestore();
  });

  it('gives the new excerpt after the C++ file changes, and reports a broken marker', async () => {
    writeFileSync(join(root, 'wasm', 'demos', 'lesson.cpp'), demo('wait("lesson.serial.changed");'));
    await expect
      .poll(async () => (await load()).excerpts['lesson.serial'].parts[0].lines[1].text, { timeout: 10_000, interval: 100 })
      .toBe('  wait("lesson.serial.changed");');
    // The watcher (chokidar, inside Vite) drops a second change of the same
    // file within 50 ms of the first; a person's next edit comes later than that.
    await new Promise((r) => setTimeout(r, 150));
    writeFileSync(join(root, 'wasm', 'demos', 'lesson.cpp'), '// [excerpt lesson.serial]\nvoid run();\n');
    await expect
      .poll(async () => (await load()).problems.map((p) => p.message), { timeout: 10_000, interval: 100 })
      .toEqual(['[excerpt lesson.serial] is never closed with [/excerpt]']);
  });
});
