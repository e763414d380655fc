// A small W3C WebDriver client over fetch, for WebKitGTK's WebKitWebDriver run
// under Xvfb (its MiniBrowser has no headless mode): a session, navigation,
// scripts, the window size and screenshots are all the tests need, so no
// client library is installed for them.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const webkitDriver = process.env.PLAYGROUND_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
/** Debian's MiniBrowser (package libwebkit2gtk-4.1-0, which webkit2gtk-driver depends on), in the machine's multiarch directory. */
export const miniBrowser =
  process.env.PLAYGROUND_MINIBROWSER ?? `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/webkit2gtk-4.1/MiniBrowser`;

/** A free TCP port on this machine. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export class WebDriverSession {
  private constructor(
    private readonly driver: ChildProcess,
    private readonly url: string,
    readonly capabilities: Record<string, unknown>,
  ) {}

  /** Starts WebKitWebDriver under xvfb-run (a screen tall enough for full-page screenshots) and a MiniBrowser session. */
  static async startWebKit(): Promise<WebDriverSession> {
    const port = await freePort();
    // Its own process group, so that close() ends xvfb-run, Xvfb, the driver and the browser together.
    const driver = spawn('xvfb-run', ['-a', '-s', '-screen 0 1400x4000x24', webkitDriver, `--port=${port}`], { detached: true, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${url}/status`)
        .then((r) => r.json() as Promise<{ value?: { ready?: boolean } }>)
        .then((s) => s.value?.ready === true)
        .catch(() => false);
      if (ready) break;
      if (driver.exitCode !== null || Date.now() > deadline) {
        stopGroup(driver);
        throw new Error(`WebKitWebDriver did not start on port ${port} (exit code ${driver.exitCode})`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    const capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
    };
    const answer = await call<{ sessionId: string; capabilities: Record<string, unknown> }>('POST', `${url}/session`, {
      capabilities: { alwaysMatch: capabilities },
    }).catch((e: unknown) => {
      stopGroup(driver);
      throw e;
    });
    return new WebDriverSession(driver, `${url}/session/${answer.sessionId}`, answer.capabilities);
  }

  navigate(url: string): Promise<unknown> {
    return call('POST', `${this.url}/url`, { url });
  }

  /** Runs a self-contained function in the page (its source is sent) with JSON arguments; returns its JSON answer
   *  (a promise's value, once it settles: WebDriver waits for it, within the script timeout). */
  execute<T>(fn: (...args: never[]) => T, ...args: unknown[]): Promise<Awaited<T>> {
    // __name: what esbuild's keepNames (tsx) wraps functions in; Vitest's transform leaves them as written.
    const script = `const __name = (f) => f; return (${fn.toString()}).apply(null, arguments);`;
    return call<Awaited<T>>('POST', `${this.url}/execute/sync`, { script, args });
  }

  /** How long a script (execute) may take, its promise included. */
  setScriptTimeout(ms: number): Promise<unknown> {
    return call('POST', `${this.url}/timeouts`, { script: ms });
  }

  /** Polls a function in the page until it returns something truthy. */
  async waitFor<T>(fn: () => T, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.execute(fn);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  setWindowSize(width: number, height: number): Promise<unknown> {
    return call('POST', `${this.url}/window/rect`, { width, height });
  }

  /** Saves a PNG of the window's viewport. */
  async screenshot(path: string): Promise<void> {
    const base64 = await call<string>('GET', `${this.url}/screenshot`);
    writeFileSync(path, Buffer.from(base64, 'base64'));
  }

  async close(): Promise<void> {
    await call('DELETE', this.url).catch(() => undefined);
    stopGroup(this.driver);
  }
}

function stopGroup(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok) throw new Error(`WebDriver ${method} ${url.replace(/\/session\/[^/]+/, '/session/…')}: ${answer.value?.error}: ${answer.value?.message}`);
  return answer.value;
}
