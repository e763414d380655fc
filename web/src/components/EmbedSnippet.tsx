// "Embed this": the current experiment for course docs, as a placeholder and the
// loader script (web/public/embed-loader.js: the iframe sizes itself to the demo),
// or as a plain iframe of fixed height (no script on the course page).
import { useState } from 'preact/hooks';

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function embedSnippet(embedUrl: string, title: string): string {
  return `<iframe src="${escapeAttribute(embedUrl)}" title="${escapeAttribute(title)}" width="100%" height="640" loading="lazy" style="border:0" allow="cross-origin-isolated; clipboard-write"></iframe>`;
}

/** The loader form: a placeholder whose data-* attributes are the embed URL's parameters, and the script beside the embed page. */
export function loaderSnippet(embedUrl: string, title: string): string {
  const url = new URL(embedUrl);
  const attributes: string[] = [];
  for (const [name, value] of url.searchParams) {
    // Names are the scenario files' parameter names; anything that could not be an attribute name is left out.
    if (!/^[a-z0-9_]+$/i.test(name)) continue;
    if (name === 'scenario') attributes.unshift(`data-concurrency-demo="${escapeAttribute(value)}"`);
    else attributes.push(`data-${name.toLowerCase().replace(/_/g, '-')}="${escapeAttribute(value)}"`);
  }
  attributes.push(`data-title="${escapeAttribute(title)}"`);
  const loader = new URL('embed-loader.js', url).href;
  return `<div ${attributes.join(' ')}></div>\n<script src="${escapeAttribute(loader)}" async></script>`;
}

type Form = 'loader' | 'iframe';

export function EmbedSnippet({ embedUrl, title }: { embedUrl: string; title: string }) {
  const [copied, setCopied] = useState(false);
  const [form, setForm] = useState<Form>('loader');
  const choose = (next: Form) => {
    setForm(next);
    setCopied(false);
  };
  const snippet = form === 'loader' ? loaderSnippet(embedUrl, title) : embedSnippet(embedUrl, title);
  return (
    <details class="panel">
      <summary>Embed this</summary>
      <p class="small">
        Paste into course docs. Threads work inside the iframe when the host page is cross-origin isolated, or in browsers that support
        Document-Isolation-Policy; otherwise the embed explains it and runs the single-threaded modes.
      </p>
      <fieldset class="row" style={{ border: 0, padding: 0, margin: '6px 0' }}>
        <legend class="sr-only">Snippet form</legend>
        <label>
          <input type="radio" name="embed-form" value="loader" checked={form === 'loader'} onChange={() => choose('loader')} /> With the loader script: the
          frame takes the demo’s height
        </label>
        <label>
          <input type="radio" name="embed-form" value="iframe" checked={form === 'iframe'} onChange={() => choose('iframe')} /> Plain iframe (640 px high, no
          script)
        </label>
      </fieldset>
      <label for="embed-snippet" class="sr-only">
        {form === 'loader' ? 'Loader snippet' : 'Iframe snippet'}
      </label>
      <textarea id="embed-snippet" class="snippet" readOnly value={snippet} onFocus={(e) => e.currentTarget.select()} />
      <div class="row">
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(snippet);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          Copy snippet
        </button>
        <a class="button" href={embedUrl} target="_blank" rel="noopener">
          Preview the embed
        </a>
        {copied && <span role="status">Copied.</span>}
      </div>
    </details>
  );
}
