// Cross-origin isolation: what the page has, why threads may be unavailable, and
// the service-worker fallback for hosts that cannot send COOP/COEP (GitHub Pages).
import type { BuildFlavour } from '../engine/types';

export interface Environment {
  isolated: boolean;
  inIframe: boolean;
  cores: number;
  serviceWorker: boolean;
  secure: boolean;
}

export function readEnvironment(w: Window = window): Environment {
  let inIframe = false;
  try {
    inIframe = w.self !== w.top;
  } catch {
    inIframe = true;
  }
  return {
    isolated: w.crossOriginIsolated === true,
    inIframe,
    cores: w.navigator.hardwareConcurrency || 1,
    serviceWorker: 'serviceWorker' in w.navigator,
    secure: w.isSecureContext,
  };
}

/** One plain paragraph on why threads are unavailable and how to get them; undefined when they are available. */
export function threadsUnavailableReason(env: Environment, flavour: BuildFlavour | undefined): string | undefined {
  if (flavour === 'threads') return undefined;
  if (flavour === undefined && env.isolated) return undefined;
  if (env.isolated) {
    return 'This page is cross-origin isolated, but the threads build could not start here (the browser lacks shared WebAssembly memory or nested workers), so the single-threaded build runs: coroutine, serial and processes modes work; thread modes are off.';
  }
  if (env.inIframe) {
    return 'Threads need SharedArrayBuffer, which browsers only allow in a cross-origin isolated page. This demo is inside an iframe of a page that is not isolated, so the single-threaded build runs: coroutine, serial and processes modes work; thread modes are off. Open the full page to get threads (or embed it in a page served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp).';
  }
  return 'Threads need SharedArrayBuffer, which browsers only allow in a cross-origin isolated page, and this host did not send the Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp headers (and the service-worker fallback could not take over). The single-threaded build runs: coroutine, serial and processes modes work; thread modes are off. Run it with npm start, or use a host that sends those headers (see the README’s hosting notes).';
}

const RELOAD_KEY = 'coi-serviceworker-reloaded';

/** Registers the site's service worker (web/public/coi-serviceworker.js: it caches the site for offline use and,
 *  on hosts that cannot send COOP/COEP, adds them) on a top-level page; inside an iframe isolation depends on the
 *  parent, and the worker is left alone. When the page is not isolated it reloads once, under the worker, so that
 *  the headers take effect; returns true when that reload is under way. Never loops: one reload per session. */
export async function ensureIsolation(w: Window = window): Promise<boolean> {
  const env = readEnvironment(w);
  if (env.inIframe || !env.serviceWorker || !env.secure) return false;
  const registering = w.navigator.serviceWorker.register(new URL('coi-serviceworker.js', w.location.href).href);
  if (env.isolated) {
    registering.catch(() => undefined); // for offline use only: the page does not wait for it
    return false;
  }
  try {
    const registration = await registering;
    if (w.sessionStorage.getItem(RELOAD_KEY)) return false; // Reloaded once already and still not isolated: give up.
    const reload = () => {
      w.sessionStorage.setItem(RELOAD_KEY, '1');
      w.location.reload();
    };
    if (w.navigator.serviceWorker.controller) {
      reload();
      return true;
    }
    const worker = registration.installing ?? registration.waiting ?? registration.active;
    if (!worker) return false;
    if (worker.state === 'activated') {
      reload();
      return true;
    }
    const activated = await new Promise<boolean>((resolve) =>
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated' || worker.state === 'redundant') resolve(worker.state === 'activated');
      }),
    );
    if (!activated) return false; // the worker failed to install: run without it
    reload();
    return true;
  } catch {
    return false;
  }
}

/** When isolated, forget the reload marker so a later visit may try again. */
export function noteIsolation(w: Window = window): void {
  try {
    if (w.crossOriginIsolated) w.sessionStorage.removeItem(RELOAD_KEY);
  } catch {
    /* storage blocked */
  }
}
