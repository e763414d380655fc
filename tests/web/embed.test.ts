// Embedding in course pages: the embed page's height message, the loader script
// (web/public/embed-loader.js) run in jsdom, and the two snippet forms.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loaderSnippet, embedSnippet } from '../../web/src/components/EmbedSnippet';
import { HEIGHT_MESSAGE, embedId, reportHeightToParent } from '../../web/src/env/embed-height';
import { engineNames, metaPolicy, policyFor } from '../../web/plugins/site-plugin';

// jsdom's import.meta.url is not a file: URL; Vitest runs from the repository's root.
const repo = (path: string) => resolve(process.cwd(), path);
const loaderSource = readFileSync(repo('web/public/embed-loader.js'), 'utf8');
const PLAYGROUND = 'https://play.example/course/';

/** Runs the loader as if it were loaded from the playground's origin by a <script> element. */
function runLoader() {
  delete (window as unknown as Record<string, unknown>).concurrencyPlaygroundLoader;
  Object.defineProperty(document, 'currentScript', { configurable: true, value: { src: `${PLAYGROUND}embed-loader.js` } });
  try {
    new Function(loaderSource)();
  } finally {
    Object.defineProperty(document, 'currentScript', { configurable: true, value: null });
  }
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the embed loader', () => {
  afterEach(() => document.body.replaceChildren());

  it('turns placeholders into lazy, titled iframes whose URL carries the data attributes as parameters', () => {
    const first = document.createElement('div');
    first.setAttribute('data-concurrency-demo', 'sleep');
    first.setAttribute('data-threads', '4');
    first.setAttribute('data-first-ms', '800');
    first.setAttribute('data-modes', 'serial,threads');
    first.setAttribute('data-title', 'Sleep: "threads" <vs> coroutines');
    first.setAttribute('data-height', '300');
    first.textContent = 'Open the demo';
    const second = document.createElement('div');
    second.id = 'pc';
    second.setAttribute('data-concurrency-demo', 'producer-consumer"><script>alert(1)</script>');
    document.body.append(first, second);
    runLoader();

    const frames = document.querySelectorAll('iframe');
    expect(frames).toHaveLength(2);
    const [a, b] = [...frames];
    expect(a.parentElement).toBe(first);
    expect(first.textContent).toBe('');
    const url = new URL(a.src);
    expect(url.origin + url.pathname).toBe(`${PLAYGROUND}embed.html`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ scenario: 'sleep', threads: '4', first_ms: '800', modes: 'serial,threads' });
    expect(embedId(url.hash)).toBe('concurrency-demo-1');
    expect(a.title).toBe('Sleep: "threads" <vs> coroutines');
    expect(a.getAttribute('loading')).toBe('lazy');
    expect(a.getAttribute('allow')).toContain('cross-origin-isolated');
    expect(a.style.height).toBe('300px');
    // A hostile value stays a value: no element is made from it.
    expect(new URL(b.src).searchParams.get('scenario')).toBe('producer-consumer"><script>alert(1)</script>');
    expect(embedId(new URL(b.src).hash)).toBe('pc');
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(b.style.height).toBe('480px');
  });

  it('follows the height each iframe reports, clamped, and ignores other origins and sources', async () => {
    const holders = ['sleep', 'amdahl'].map((id) => {
      const div = document.createElement('div');
      div.setAttribute('data-concurrency-demo', id);
      return div;
    });
    document.body.append(...holders);
    runLoader();
    const [a, b] = [...document.querySelectorAll('iframe')];
    const post = (source: Window | null, data: unknown, origin = 'https://play.example') =>
      window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
    post(a.contentWindow, { type: HEIGHT_MESSAGE, id: null, height: 1234.4 });
    post(b.contentWindow, { type: HEIGHT_MESSAGE, id: null, height: 777 });
    expect([a.style.height, b.style.height]).toEqual(['1234px', '777px']);
    post(a.contentWindow, { type: HEIGHT_MESSAGE, height: 999 }, 'https://evil.example');
    post(window, { type: HEIGHT_MESSAGE, height: 999 });
    post(a.contentWindow, { type: 'something-else', height: 999 });
    post(a.contentWindow, { type: HEIGHT_MESSAGE, height: 'tall' });
    post(a.contentWindow, { type: HEIGHT_MESSAGE, height: Number.NaN });
    expect([a.style.height, b.style.height]).toEqual(['1234px', '777px']);
    post(a.contentWindow, { type: HEIGHT_MESSAGE, height: 1e9 });
    post(b.contentWindow, { type: HEIGHT_MESSAGE, height: -5 });
    expect([a.style.height, b.style.height]).toEqual(['10000px', '80px']);

    // Placeholders added later are found too.
    const late = document.createElement('div');
    late.setAttribute('data-concurrency-demo', 'sleep');
    document.body.append(late);
    await nextTask();
    expect(late.querySelector('iframe')).not.toBeNull();
    expect(document.querySelectorAll('iframe')).toHaveLength(3);
  });
});

describe('the embed page reports its height to its parent', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the namespaced message with its id, and again only when the height changes', () => {
    let height = 500;
    let observed: (() => void) | undefined;
    const parent = { postMessage: vi.fn() };
    const w = {
      parent,
      location: { hash: '#id=demo-2' },
      document: { documentElement: { getBoundingClientRect: () => ({ height }) } },
      ResizeObserver: class {
        constructor(callback: () => void) {
          observed = callback;
        }
        observe() {}
        disconnect() {}
      },
    } as unknown as Window & typeof globalThis;
    reportHeightToParent(w);
    expect(parent.postMessage).toHaveBeenLastCalledWith({ type: HEIGHT_MESSAGE, id: 'demo-2', height: 500 }, '*');
    observed!();
    expect(parent.postMessage).toHaveBeenCalledTimes(1);
    height = 812.2;
    observed!();
    expect(parent.postMessage).toHaveBeenLastCalledWith({ type: HEIGHT_MESSAGE, id: 'demo-2', height: 813 }, '*');
  });

  it('does nothing on a page that is not framed', () => {
    const w = { location: { hash: '' } } as unknown as Window & typeof globalThis;
    (w as unknown as Record<string, unknown>).parent = w;
    expect(() => reportHeightToParent(w)()).not.toThrow();
  });
});

describe('the "Embed this" snippets', () => {
  const url = 'https://play.example/course/embed.html?scenario=sleep&threads=4&gil=0&modes=serial,threads&first_ms=800';

  it('the loader form: a placeholder with the parameters as data attributes, and the script beside the embed page', () => {
    const snippet = loaderSnippet(url, 'Sleep & "friends"');
    expect(snippet).toBe(
      '<div data-concurrency-demo="sleep" data-threads="4" data-gil="0" data-modes="serial,threads" data-first-ms="800" data-title="Sleep &amp; &quot;friends&quot;"></div>\n' +
        '<script src="https://play.example/course/embed-loader.js" async></script>',
    );
  });

  it('the plain form: an iframe of fixed height', () => {
    const snippet = embedSnippet(url, 'Sleep');
    expect(snippet).toContain('<iframe src="https://play.example/course/embed.html?scenario=sleep&amp;threads=4');
    expect(snippet).toContain('height="640"');
    expect(snippet).toContain('title="Sleep"');
  });
});

describe('the shipped policy (web/public/_headers)', () => {
  const headers = readFileSync(repo('web/public/_headers'), 'utf8');

  it('one CSP per page, without unsafe-eval; the main page framed only by itself, the embed page by anyone', () => {
    const main = policyFor(headers, '/index.html');
    const embed = policyFor(headers, '/embed.html');
    expect(policyFor(headers, '/')).toBe(main);
    for (const policy of [main, embed]) {
      expect(policy).not.toContain("'unsafe-eval'");
      expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    }
    expect(main).toContain("frame-ancestors 'self'");
    expect(embed).toContain('frame-ancestors *');
    expect(metaPolicy(main)).toBe(metaPolicy(embed));
    expect(metaPolicy(main)).not.toContain('frame-ancestors');
  });

  it('engine files are named by one hash per build flavour', () => {
    const names = engineNames(repo('web/public/engine'));
    const threads = Object.entries(names).filter(([built]) => built.startsWith('playground-threads.'));
    if (!threads.length) return; // the engine is not built here
    const hashes = new Set(threads.map(([, named]) => /^playground-threads\.([0-9a-f]{12})\./.exec(named)?.[1]));
    expect(hashes.size).toBe(1);
    expect(names['playground-threads.worker.js']).toMatch(/^playground-threads\.[0-9a-f]{12}\.worker\.js$/);
  });
});
