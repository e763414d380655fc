import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, fireEvent, render, waitFor } from '@testing-library/preact';
import { Timeline } from '../../web/src/timeline/Timeline';
import { SpanStore } from '../../web/src/timeline/store';
import { explainEdge } from '../../web/src/timeline/why';
import type { Edge, Span } from '../../web/src/engine/types';

const HOSTILE = '<img src=x onerror=alert(1)>';
configure({ asyncUtilTimeout: 8000 });

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  // jsdom lays nothing out: give the canvas a box so pointer positions mean something.
  vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockReturnValue({
    left: 0,
    top: 0,
    right: 720,
    bottom: 100,
    width: 720,
    height: 100,
    x: 0,
    y: 0,
    toJSON() {},
  } as DOMRect);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('timeline component', () => {
  it('shows the span under the pointer in a tooltip, as text', async () => {
    const store = new SpanStore();
    store.setLanes([{ id: 0, name: 'worker 0', kind: 'thread' }]);
    // A distance-matrix label can carry a location name from the reader's CSV.
    store.add([{ lane: 0, state: 'running', start_us: 0, end_us: 1_000_000, label: `distance ${HOSTILE}`, site: '' }]);
    const { container } = render(<Timeline tracks={[{ mode: 'serial', store }]} wall={new Map([['serial', 1000]])} />);
    const canvas = container.querySelector('canvas')!;
    // Let the animation-frame loop lay out the rows: axis 20 px, header 22 px, then the lane.
    await new Promise((r) => setTimeout(r, 50));
    fireEvent.pointerMove(canvas, { clientX: 120 + 100, clientY: 20 + 22 + 5 });
    const tooltip = await waitFor(() => {
      const t = container.querySelector('.tooltip');
      if (!t) throw new Error('no tooltip yet');
      return t;
    });
    expect(tooltip.textContent).toContain(`running: distance ${HOSTILE}`);
    expect(tooltip.textContent).toContain('serial · worker 0');
    expect(container.querySelector('img')).toBeNull();
  });

  it('is keyboard operable: + zooms, 0 fits', () => {
    const store = new SpanStore();
    store.add([{ lane: 0, state: 'idle', start_us: 0, end_us: 100, label: '', site: '' }]);
    const { container } = render(<Timeline tracks={[{ mode: 'serial', store }]} wall={new Map()} />);
    const canvas = container.querySelector('canvas')!;
    expect(canvas.tabIndex).toBe(0);
    expect(canvas.getAttribute('aria-label')).toContain('serial');
    expect(fireEvent.keyDown(canvas, { key: '+' })).toBe(false); // handled: default prevented
    expect(fireEvent.keyDown(canvas, { key: '0' })).toBe(false);
    expect(fireEvent.keyDown(canvas, { key: 'q' })).toBe(true);
  });
});

// Issue 17: hovering a span explains its wait in a sentence built from the
// run's causal edges; the sentence is text, never HTML.
const span = (lane: number, state: Span['state'], start_us: number, end_us: number, label = ''): Span => ({ lane, state, start_us, end_us, label, site: '' });

/** Producer 2 (lane 0) puts value 225 at 3.12 s; consumer 1 (lane 1) had waited on the queue since 2.70 s. */
function producerConsumer(label = 'value 225'): SpanStore {
  const store = new SpanStore();
  store.setLanes([
    { id: 0, name: 'producer 2', kind: 'thread' },
    { id: 1, name: 'consumer 1', kind: 'thread' },
  ]);
  store.add([
    span(0, 'waiting_on_io', 2_000_000, 3_120_000, 'make an item'),
    span(1, 'blocked_on_queue', 2_700_000, 3_120_100, 'get (queue empty)'),
    span(1, 'waiting_on_io', 3_120_100, 3_500_000, 'process value 225'),
  ]);
  const edge: Edge = { kind: 'queue', from_lane: 0, from_us: 3_120_000, to_lane: 1, to_us: 3_120_000, label };
  store.setEdges([edge]);
  return store;
}

describe('why it waited', () => {
  it('names the waiter, its wait, the producer, the item and when', () => {
    const store = producerConsumer();
    const wait = store.lane(1)!.ordered()[0];
    const [edge] = store.edges.around(wait, store.lane(1)!).incoming;
    expect(explainEdge(wait, edge, (id) => store.laneName(id))).toBe("consumer 1 waited 420 ms on the queue; producer 2's put of value 225 at 3.12 s woke it");
  });

  it('binds an edge end in a gap to the span before it, and only to that one', () => {
    const store = producerConsumer();
    // The put at 3.12 s is at the very end of "make an item": that span lets consumer 1 go on.
    const make = store.lane(0)!.ordered()[0];
    expect(store.edges.around(make, store.lane(0)!).outgoing).toHaveLength(1);
    const processing = store.lane(1)!.ordered()[1];
    expect(store.edges.around(processing, store.lane(1)!).incoming).toHaveLength(0);
  });

  it('shows the sentence for the hovered span, as text', async () => {
    const store = producerConsumer(`value ${HOSTILE}`);
    const { container, getByTestId } = render(<Timeline tracks={[{ mode: 'threads', store }]} wall={new Map([['threads', 4000]])} />);
    const canvas = container.querySelector('canvas')!;
    await new Promise((r) => setTimeout(r, 50));
    // Lane 1's row: axis 20 px, header 22 px, lane 0 (18 + 3 px), then lane 1. jsdom's plot is 600 px wide:
    // 120 of names, 480 of plot showing 0…4.2 s (the run and 5 % of room after it): 2.9 s is at 120 + 331.
    fireEvent.pointerMove(canvas, { clientX: 120 + 331, clientY: 20 + 22 + 21 + 9 });
    const why = await waitFor(() => {
      const text = getByTestId('why-it-waited').textContent ?? '';
      if (!text.includes('woke it')) throw new Error(`no sentence yet: ${text}`);
      return text;
    });
    expect(why).toContain(`consumer 1 waited 420 ms on the queue; producer 2's put of value ${HOSTILE} at 3.12 s woke it`);
    expect(container.querySelector('img')).toBeNull();
    fireEvent.pointerLeave(canvas);
    await waitFor(() => expect(getByTestId('why-it-waited').textContent).not.toContain('woke it'));
  });

  it('follows an item step by step: its put, the wait it ended, the processing of it; and back', async () => {
    const store = producerConsumer();
    const seek = vi.fn();
    const { container, getByRole, getByTestId } = render(<Timeline tracks={[{ mode: 'threads', store }]} wall={new Map([['threads', 4000]])} onSeek={seek} />);
    const why = () => getByTestId('why-it-waited').textContent ?? '';
    const follow = getByRole('button', { name: /Follow the chosen span's hand-off/ });
    // Nothing chosen: the chain starts at the run's first hand-off, the producer's span that put the item.
    fireEvent.click(follow);
    await waitFor(() => expect(why()).toContain('producer 2 let consumer 1 go on (1 hand-off)'));
    expect(seek).toHaveBeenLastCalledWith(2_000_000);
    // Along the edge: the consumer's wait that the put ended.
    fireEvent.click(follow);
    await waitFor(() => expect(why()).toContain("consumer 1 waited 420 ms on the queue; producer 2's put of value 225 at 3.12 s woke it"));
    expect(seek).toHaveBeenLastCalledWith(2_700_000);
    // The wait let nobody go on: the consumer's next span, the processing of that item (F on the canvas).
    const canvas = container.querySelector('canvas')!;
    fireEvent.keyDown(canvas, { key: 'f' });
    await waitFor(() => expect(why()).toContain('then consumer 1 went on: waiting on I/O (process value 225) at 3.12 s'));
    fireEvent.click(follow);
    await waitFor(() => expect(why()).toContain('the chain ends here'));
    // Back: the wait again.
    fireEvent.click(getByRole('button', { name: /Back along the followed chain/ }));
    await waitFor(() => expect(why()).toContain('consumer 1 waited 420 ms on the queue'));
    expect(seek).toHaveBeenLastCalledWith(2_700_000);
  });

  it('offers to draw every edge of a kind the run has', async () => {
    const store = producerConsumer();
    const { container } = render(<Timeline tracks={[{ mode: 'threads', store }]} wall={new Map([['threads', 4000]])} />);
    const select = container.querySelector('select')!;
    const options = [...select.querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(["only the hovered span's", 'all queue hand-offs (1)']);
  });
});
