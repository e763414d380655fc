// Browser end-to-end tests of the built site in Debian's Chromium:
//   npx vite build && npx vitest run --config tests/e2e/vitest.config.ts
// (scripts/e2e.sh does both). E2E_SITE=path tests another build than dist/.
// Files are *.e2e.ts so that the repository's other Vitest projects never pick them up.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // One browser page at a time: the tests time real runs on a 2-core machine.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
