// Source excerpts of the engine, as the build extracts them from wasm/**
// (web/plugins/excerpts-plugin.ts) and the code panel shows them.

/** One line of an excerpt, with its line number in the source file. */
export interface ExcerptLine {
  /** 1-based line number in `file`. */
  n: number;
  /** The line, common indentation of its block removed. */
  text: string;
  /** Site ids named on this line: string literals like "sleep.threads.wait" or `// @site id`. */
  sites: string[];
  /** Sites recorded by a core helper this line calls (`co_await sleep(` → "loop.sleep"). */
  uses: string[];
}

/** One marked block: `// [excerpt ID]` … `// [/excerpt]`. An excerpt has one or more. */
export interface ExcerptPart {
  /** Path from the repository root, with forward slashes ("wasm/lessons/sleep/sleep_lesson.cpp"). */
  file: string;
  lines: ExcerptLine[];
}

export interface Excerpt {
  /** `<scenario>.<mode>` for a mode's core, `core.<name>` for a shared one. */
  id: string;
  parts: ExcerptPart[];
  /** Shared excerpts this one points the reader to: `// [see also core.x]` in the block,
   *  plus every shared excerpt that names a site this excerpt's lines use. */
  seeAlso: string[];
}

export interface ExcerptProblem {
  file: string;
  line: number;
  message: string;
}

export interface SiteLocation {
  file: string;
  /** 1-based line number. */
  line: number;
}

export interface ExcerptBundle {
  excerpts: Record<string, Excerpt>;
  /** Every line of the sources that names each site, inside an excerpt or not, so a span
   *  whose site lies outside the excerpts can still say where it was recorded. */
  sites: Record<string, SiteLocation[]>;
  /** Coroutines spawned as tasks: the task's name as the loop's lane shows it (the
   *  spawn's name literal: "reader", or "producer " for "producer " + n) → the
   *  coroutine functions spawned under that name anywhere in the sources. */
  tasks: Record<string, string[]>;
  problems: ExcerptProblem[];
}
