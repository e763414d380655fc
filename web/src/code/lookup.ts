// From a span's site to the excerpt lines that recorded it.
import { isSharedId } from './extract';
import type { Excerpt, ExcerptBundle, ExcerptLine, SiteLocation } from './types';

export interface SiteLines {
  excerpt: Excerpt;
  /** Line numbers (in the excerpt's files) naming or using the site. */
  lines: Array<{ file: string; n: number }>;
  /** 'names': the site's string is on the line; 'uses': the line calls the helper that records it. */
  how: 'names' | 'uses';
}

export const lineLinks = (line: ExcerptLine): string[] => [...new Set([...line.sites, ...line.uses])];

function linesIn(excerpt: Excerpt | undefined, site: string, how: 'names' | 'uses'): SiteLines | undefined {
  if (!excerpt) return undefined;
  const lines = excerpt.parts.flatMap((p) =>
    p.lines.filter((l) => (how === 'names' ? l.sites : l.uses).includes(site)).map((l) => ({ file: p.file, n: l.n })),
  );
  return lines.length ? { excerpt, lines, how } : undefined;
}

/** Where a span of `<scenario>.<mode>` with `site` was recorded, best first: a line of the
 *  mode's excerpt naming the site, a line of it calling the helper that records it, a line
 *  of a shared excerpt it sees also, any shared excerpt naming it. Empty when none. */
export function findSite(bundle: ExcerptBundle, excerptId: string, site: string): SiteLines[] {
  if (!site) return [];
  const own = bundle.excerpts[excerptId];
  const found: SiteLines[] = [];
  const add = (s: SiteLines | undefined) => { if (s && !found.some((f) => f.excerpt.id === s.excerpt.id)) found.push(s); };
  add(linesIn(own, site, 'names'));
  add(linesIn(own, site, 'uses'));
  for (const id of own?.seeAlso ?? []) add(linesIn(bundle.excerpts[id], site, 'names'));
  for (const e of Object.values(bundle.excerpts)) if (isSharedId(e.id)) add(linesIn(e, site, 'names'));
  return found;
}

/** Source lines naming a site anywhere in wasm/ (also outside excerpts). */
export function siteLocations(bundle: ExcerptBundle, site: string): SiteLocation[] {
  return site && Object.hasOwn(bundle.sites, site) ? bundle.sites[site] : [];
}
