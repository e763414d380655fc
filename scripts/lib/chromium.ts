// How the tests and the benchmarks start Debian's Chromium (playwright-core
// drives it; no browser is downloaded): one list, so that every suite
// measures the page under the same conditions.
export const chromiumExecutable = process.env.PLAYGROUND_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  // This machine's network is closed: without these, Chromium keeps trying to reach Google.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Headless Chromium 156 still builds its address bar's pop-up, a WebUI page in a
  // renderer of its own, and did so while the page under test ran: on 2 cores it
  // took about a second of CPU from it, and stretched the page's tasks past the
  // 50 ms the end-to-end tests allow.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];
