import { describe, expect, it, vi } from 'vitest';
import { ensureIsolation, readEnvironment, threadsUnavailableReason } from '../../web/src/env/isolation';

/** A window-shaped object with a service worker container that activates at once. */
function fakeWindow({ isolated = false, iframe = false, controlled = false, storage = new Map<string, string>() } = {}) {
  const register = vi.fn(async () => ({ active: { state: 'activated', addEventListener() {} } }));
  const reload = vi.fn();
  const w: Record<string, unknown> = {
    crossOriginIsolated: isolated,
    isSecureContext: true,
    navigator: { hardwareConcurrency: 2, serviceWorker: { register, controller: controlled ? {} : null } },
    location: { href: 'https://example.github.io/playground/index.html', reload },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
      removeItem: (k: string) => storage.delete(k),
    },
  };
  w.self = w;
  w.top = iframe ? {} : w;
  return { w: w as unknown as Window, register, reload, storage };
}

describe('service-worker fallback for isolation', () => {
  it('registers beside the page and reloads once when the page is not isolated', async () => {
    const { w, register, reload, storage } = fakeWindow();
    expect(await ensureIsolation(w)).toBe(true);
    expect(register).toHaveBeenCalledWith('https://example.github.io/playground/coi-serviceworker.js');
    expect(reload).toHaveBeenCalledOnce();
    // After the reload the page is still not isolated (say the browser ignores it): no second reload.
    const again = fakeWindow({ controlled: true, storage });
    expect(await ensureIsolation(again.w)).toBe(false);
    expect(again.reload).not.toHaveBeenCalled();
  });

  it('inside an iframe does nothing; when already isolated registers the worker (offline use) without reloading', async () => {
    const framed = fakeWindow({ iframe: true });
    expect(await ensureIsolation(framed.w)).toBe(false);
    expect(framed.register).not.toHaveBeenCalled();
    expect(framed.reload).not.toHaveBeenCalled();
    const isolated = fakeWindow({ isolated: true });
    expect(await ensureIsolation(isolated.w)).toBe(false);
    expect(isolated.register).toHaveBeenCalledWith('https://example.github.io/playground/coi-serviceworker.js');
    expect(isolated.reload).not.toHaveBeenCalled();
  });
});

describe('why threads are unavailable', () => {
  it('says nothing when the threads build runs, and names the iframe or the missing headers otherwise', () => {
    const top = readEnvironment(fakeWindow().w);
    const framed = readEnvironment(fakeWindow({ iframe: true }).w);
    expect(threadsUnavailableReason({ ...top, isolated: true }, 'threads')).toBeUndefined();
    expect(threadsUnavailableReason(framed, 'single')).toMatch(/inside an iframe.*Open the full page/);
    expect(threadsUnavailableReason(top, 'single')).toMatch(/Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/);
    expect(threadsUnavailableReason(top, undefined)).toBeDefined();
  });
});
