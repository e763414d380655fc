// Browser end-to-end tests of the built site, one Vitest project per browser engine:
//   chromium  tests/e2e/**/*.e2e.ts but engines/   Debian's Chromium through playwright-core
//   firefox   tests/e2e/engines/firefox{,-notice}.e2e.ts   Debian's Firefox ESR over WebDriver BiDi (puppeteer-core)
//   webkit    tests/e2e/engines/webkit{,-notice}.e2e.ts    Debian's WebKitGTK MiniBrowser through WebKitWebDriver under Xvfb
//   engine    tests/e2e/engines/worker-silence.e2e.ts   the engine's guard against a silent worker, in Node
// scripts/e2e.sh checks each browser is installed and runs them all (E2E_SKIP_CHROMIUM=1,
// E2E_SKIP_FIREFOX=1, E2E_SKIP_WEBKIT=1 leave one out, and it says so):
//   npx vite build && npx vitest run --config tests/e2e/vitest.config.ts [--project firefox]
// E2E_SITE=path tests another build than dist/.
// Files are *.e2e.ts so that the repository's other Vitest projects never pick them up.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const project = (name: string, include: string[], exclude: string[] = []) => ({ extends: true as const, test: { name, include, exclude } });

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    environment: 'node',
    // One browser page at a time, across all the projects: the tests time real runs on a 2-core machine.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    projects: [
      project('chromium', ['tests/e2e/**/*.e2e.ts'], ['tests/e2e/engines/**']),
      project('firefox', ['tests/e2e/engines/firefox.e2e.ts', 'tests/e2e/engines/firefox-notice.e2e.ts']),
      project('webkit', ['tests/e2e/engines/webkit.e2e.ts', 'tests/e2e/engines/webkit-notice.e2e.ts']),
      project('engine', ['tests/e2e/engines/worker-silence.e2e.ts']),
    ],
  },
});
