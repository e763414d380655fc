// "Embed this": the iframe snippet for the current experiment, for course docs.
import { useState } from 'preact/hooks';

export function embedSnippet(embedUrl: string, title: string): string {
  const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${escapeAttribute(embedUrl)}" title="${escapeAttribute(title)}" width="100%" height="640" loading="lazy" style="border:0" allow="cross-origin-isolated"></iframe>`;
}

export function EmbedSnippet({ embedUrl, title }: { embedUrl: string; title: string }) {
  const [copied, setCopied] = useState(false);
  const snippet = embedSnippet(embedUrl, title);
  return (
    <details class="panel">
      <summary>Embed this</summary>
      <p class="small">
        Paste into course docs. Threads work inside the iframe when the host page is cross-origin isolated, or in browsers that support
        Document-Isolation-Policy; otherwise the embed explains it and runs the single-threaded modes.
      </p>
      <label for="embed-snippet" class="sr-only">
        Iframe snippet
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
