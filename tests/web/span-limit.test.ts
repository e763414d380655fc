// A run that recorded more spans than the engine keeps says so (issue 19),
// instead of a timeline that silently stops.
import { describe, expect, it } from 'vitest';
import { extraFields, spanLimitNote } from '../../web/src/results/summary';

describe('the span limit note', () => {
  it('names the limit and how many spans were not recorded', () => {
    const result = { mode: 'recursive-coroutines', threads: 1, gil: false, wall_ms: 900, span_limit: 1_000_000, spans_not_recorded: 271_242 };
    expect(spanLimitNote(result)).toBe(
      'the timeline shows the first 1 000 000 spans of this run: the engine keeps at most 1 000 000 per run, and 271 242 more were not recorded',
    );
    // Said once, in the note, not again among the details.
    expect(extraFields(result)).toBe('');
  });

  it('is absent for a run whose timeline is whole', () => {
    expect(spanLimitNote({ mode: 'serial', threads: 1, gil: false, wall_ms: 10 })).toBeUndefined();
  });
});
