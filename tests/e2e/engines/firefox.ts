// Debian's Firefox ESR for the browser tests, driven over WebDriver BiDi by
// puppeteer-core (Playwright's Firefox is a patched build of its own; no
// browser is downloaded). PLAYGROUND_FIREFOX names another binary.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

export const firefoxExecutable = process.env.PLAYGROUND_FIREFOX ?? '/usr/bin/firefox-esr';

/** A headless Firefox ESR; a clear error when it is not installed. */
export async function launchFirefox(): Promise<Browser> {
  if (!existsSync(firefoxExecutable)) throw new Error(`Firefox is missing (${firefoxExecutable}): install the Debian package 'firefox-esr'`);
  return puppeteer.launch({ browser: 'firefox', executablePath: firefoxExecutable, headless: true, protocol: 'webDriverBiDi' });
}
