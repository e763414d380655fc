// Why a span's lane went on, in one sentence (issue 17): "consumer 1 waited
// 420 ms on the queue; producer 2's put of value 225 at 3.12 s woke it".
// Plain text: the page shows it as text, never as HTML (labels are user data).
import type { Edge, Span, SpanState } from '../engine/types';
import { formatTime } from './viewport';

const WAITING: ReadonlySet<SpanState> = new Set(['waiting_for_gil', 'waiting_on_io', 'blocked_on_queue', 'idle', 'waiting_for_lock']);

/** One sentence for the edge that ended in `span`; `name` gives a lane's name. */
export function explainEdge(span: Span, edge: Edge, name: (lane: number) => string): string {
  const who = name(edge.to_lane);
  const from = name(edge.from_lane);
  const at = formatTime(edge.from_us);
  const waited = WAITING.has(span.state) ? ` waited ${formatTime(Math.max(0, edge.to_us - span.start_us))}` : '';
  switch (edge.kind) {
    case 'queue':
      return waited
        ? `${who}${waited} on the queue; ${from}'s put of ${edge.label} at ${at} woke it`
        : `${who} took ${edge.label} from the queue at ${formatTime(edge.to_us)}; ${from} put it there at ${at}`;
    case 'gil':
      return `${who}${waited ? `${waited} for the GIL` : ' got the GIL'}; ${from} let go of it at ${at}`;
    case 'lock':
      return `${who}${waited ? `${waited} for ${edge.label}` : ` took ${edge.label}`}; ${from} released it at ${at}`;
    case 'timer':
      return `${who}'s timer expired at ${at} and resumed it${waited ? ` after a wait of ${formatTime(span.end_us - span.start_us)}` : ''}`;
    case 'join':
      return `${who}${waited || ' went on'}; ${edge.label} at ${at} released it`;
    case 'cancel':
      return `${who} was cancelled by ${from} at ${at}`;
    case 'message':
      return `${who} received ${edge.label} at ${formatTime(edge.to_us)}; ${from} sent it at ${at}`;
  }
}

/** The sentences for a span: why it went on (its incoming edges), then whom it let go (outgoing). */
export function explainSpan(span: Span, incoming: Edge[], outgoing: Edge[], name: (lane: number) => string): string[] {
  const lines = incoming.map((e) => explainEdge(span, e, name));
  if (outgoing.length > 0) {
    const woke = [...new Set(outgoing.map((e) => name(e.to_lane)))];
    const list = woke.length > 3 ? `${woke.slice(0, 3).join(', ')} and ${woke.length - 3} more` : woke.join(', ');
    lines.push(`${name(span.lane)} let ${list} go on (${outgoing.length} ${outgoing.length === 1 ? 'hand-off' : 'hand-offs'})`);
  }
  return lines;
}
