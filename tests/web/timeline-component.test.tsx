import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, fireEvent, render, waitFor } from '@testing-library/preact';
import { Timeline } from '../../web/src/timeline/Timeline';
import { SpanStore } from '../../web/src/timeline/store';

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
