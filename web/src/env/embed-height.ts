// The embed page tells the page that frames it how tall its content is, so that
// the loader (web/public/embed-loader.js), or a host's own script, can size the
// iframe to it: one namespaced message, sent again only when the height changes.
//
//   {type: 'concurrency-playground:height', id, height}
//
// `id` is the `id=` of the page's fragment (embed.html?scenario=sleep#id=demo-1;
// the loader sets it), or null. The height is a whole number of CSS pixels. The
// message carries nothing else, so any parent may read it ('*').

export const HEIGHT_MESSAGE = 'concurrency-playground:height';

export interface HeightMessage {
  type: typeof HEIGHT_MESSAGE;
  id: string | null;
  height: number;
}

/** The id the embed was given in its URL's fragment (#id=…), or null. */
export function embedId(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('id');
}

/** The content's height: the root element's box (the page does not stretch it to the viewport). */
export function contentHeight(doc: Document): number {
  return Math.ceil(doc.documentElement.getBoundingClientRect().height);
}

/** Starts reporting the height to the parent; does nothing on a page that is not framed. Returns a stop function. */
export function reportHeightToParent(w: Window & typeof globalThis = window): () => void {
  let parent: Window | null = null;
  try {
    parent = w.parent !== w ? w.parent : null;
  } catch {
    parent = null;
  }
  if (!parent || typeof w.ResizeObserver !== 'function') return () => {};
  const id = embedId(w.location.hash);
  let last = -1;
  const send = () => {
    const height = contentHeight(w.document);
    if (height === last) return;
    last = height;
    const message: HeightMessage = { type: HEIGHT_MESSAGE, id, height };
    parent.postMessage(message, '*');
  };
  const observer = new w.ResizeObserver(send);
  observer.observe(w.document.documentElement);
  send();
  return () => observer.disconnect();
}
