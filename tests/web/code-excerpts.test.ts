// The excerpts in the page come from the real sources: every mode of every scenario
// has one, no marker is broken, and the module the build generates is exactly what
// the sources say now.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import bundle, { digest } from 'virtual:excerpts';
import { buildBundle, formatProblem, missingModes, withoutSiteMarkers } from '../../web/src/code/extract';
import { collectExcerpts, readScenarioModes, readSources, sourceDigest } from '../../web/plugins/excerpts-plugin';

const root = resolve(__dirname, '../..');

describe('excerpts of the real engine sources', () => {
  const fresh = collectExcerpts(root);
  const scenarios = readScenarioModes(root);

  it('finds the scenario files and the C++ sources', () => {
    expect(scenarios.length).toBeGreaterThan(0);
    expect(readSources(root).some((s) => s.file.startsWith('wasm/core/'))).toBe(true);
  });

  it('has no unbalanced, malformed, empty or misnamed excerpt markers', () => {
    expect(fresh.problems.map(formatProblem)).toEqual([]);
  });

  it('has a non-empty excerpt for every mode of every scenario', () => {
    expect(missingModes(fresh, scenarios)).toEqual([]);
  });

  it('every excerpt line number points at that very line of its file', () => {
    const files = new Map(readSources(root).map((s) => [s.file, s.text.split(/\r?\n/)]));
    for (const excerpt of Object.values(fresh.excerpts)) {
      for (const part of excerpt.parts) {
        const source = files.get(part.file)!;
        // The line as shown is the source line, dedented, without its `@site` markers.
        for (const line of part.lines)
          expect(
            withoutSiteMarkers(source[line.n - 1])
              .trimEnd()
              .endsWith(line.text.trimStart()),
          ).toBe(true);
      }
    }
  });

  it('is what the page imports (virtual:excerpts, built from the same files)', () => {
    // Other work may edit the C++ while the tests run: compare when the files are the
    // ones the module was built from (the usual case), else at least the shape.
    const sources = readSources(root);
    const now = buildBundle(sources, scenarios);
    if (sourceDigest(root, sources) === digest) expect(bundle).toEqual(JSON.parse(JSON.stringify(now)));
    else expect(Object.keys(bundle.excerpts).sort()).toEqual(Object.keys(now.excerpts).sort());
  });
});
