// The spans a line of code produced, in numbers and in words.
import type { Span } from '../engine/types';
import type { Track } from '../timeline/layout';
import { STATE_NAMES } from '../timeline/states';
import { formatTime } from '../timeline/viewport';

export interface LineSpans {
  count: number;
  /** Sum of the spans' durations, µs. */
  total_us: number;
  /** The earliest few, with their lane's name. */
  first: Array<{ span: Span; lane: string }>;
}

/** Spans of `mode`'s run whose site is one of `sites`, earliest first. */
export function spansOf(tracks: Track[], mode: string, sites: string[], keep = 5): LineSpans {
  const result: LineSpans = { count: 0, total_us: 0, first: [] };
  const track = tracks.find((t) => t.mode === mode);
  if (!track || sites.length === 0) return result;
  const wanted = new Set(sites);
  const names = new Map(track.store.lanes.map((l) => [l.id, l.name]));
  for (const span of track.store.all()) {
    if (!wanted.has(span.site)) continue;
    result.count++;
    result.total_us += span.end_us - span.start_us;
    result.first.push({ span, lane: names.get(span.lane) ?? `lane ${span.lane}` });
    // Keep the `keep` earliest without sorting everything.
    if (result.first.length > keep * 4) trim(result, keep);
  }
  trim(result, keep);
  return result;
}

function trim(r: LineSpans, keep: number) {
  r.first.sort((a, b) => a.span.start_us - b.span.start_us || a.span.lane - b.span.lane);
  r.first.length = Math.min(r.first.length, keep);
}

/** "worker 1 waiting on I/O (first wait) from 0 µs to 800 ms". */
export function describeSpan(span: Span, lane: string): string {
  const state = STATE_NAMES[span.state] ?? span.state;
  const label = span.label && span.label !== state ? ` (${span.label})` : '';
  return `${lane} ${state}${label} from ${formatTime(span.start_us)} to ${formatTime(span.end_us)}`;
}
