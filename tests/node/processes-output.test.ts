// A processes run's output crosses from each child to the parent as bytes,
// in chunks of up to 1 MB, as a pipe carries it (wasm/bindings/bindings.cpp
// run_process_child). Where a chunk ends is the C library's business, so the
// parent puts the bytes back together as written, never decoding a chunk on
// its own: the processes mode writes exactly serial's file, names and all.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';
import { distanceMatrixRequest, randomLocationsCsv } from './helpers';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

/** 500 locations whose names are mostly characters of 2, 3 and 4 bytes in UTF-8: several MB of output. */
const csv = randomLocationsCsv(500, 7).replace(/^place (\d+),/gm, (_, i: string) => `Zürich-Straße 東京都 🚲 ${i},`);

describe.each(['threads', 'single'] as const)('processes output, %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour);
  });
  afterAll(() => engine?.dispose());

  test('names of 2-, 3- and 4-byte characters reach the file whole, across chunk boundaries: the file equals serial’s', async () => {
    const serial = (await engine.run(distanceMatrixRequest('serial', csv))).outputCsv ?? '';
    const processes = (await engine.run(distanceMatrixRequest('processes', csv))).outputCsv ?? '';
    expect(new TextEncoder().encode(serial).length).toBeGreaterThan(3 << 20); // more than one chunk per child
    expect(processes).not.toContain('\uFFFD');
    expect(processes === serial).toBe(true);
  });
});
