// The WebAssembly engine tested in Node (both builds, through the same API the
// web app uses): npx vitest run --config tests/node/vitest.config.ts
// Needs the engine files: npm run build:wasm (and, for the comparison with
// the native CLI, the native build: cmake --preset native && cmake --build --preset native).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/node/**/*.test.ts'],
    environment: 'node',
    // One file at a time: the runs measure time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
