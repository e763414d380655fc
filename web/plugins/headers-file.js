// A Netlify-style `_headers` file, read once for everything that needs it:
// the site build (web/plugins/site-plugin.ts: the CSP <meta> tags) and the e2e
// server (tests/e2e/server.mjs: it serves exactly the headers that ship).

/**
 * Parses a Netlify-style `_headers` file: a path pattern (`*` matches anything) on
 * a line of its own, then its headers indented; `#` starts a comment line.
 * @param {string} text
 * @returns {{ path: string, pattern: RegExp, headers: [string, string][] }[]}
 */
export function parseHeadersFile(text) {
  /** @type {ReturnType<typeof parseHeadersFile>} */
  const rules = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const escaped = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*');
      rules.push({ path: line.trim(), pattern: new RegExp(`^${escaped}$`), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (colon < 0 || !rule) throw new Error(`_headers: cannot read the line ${JSON.stringify(line)}`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}
