import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from '../../web/src/run/after-paint';

describe('waiting for the page to draw before a run starts', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('resolves in the task after the next frame, not before', async () => {
    vi.useFakeTimers();
    let frame: FrameRequestCallback | undefined;
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
      frame = callback;
      return 1;
    });
    let done = false;
    const waiting = afterNextPaint().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(false); // no frame drawn yet
    frame!(performance.now());
    expect(done).toBe(false); // the frame is being drawn: still not
    await vi.advanceTimersByTimeAsync(0);
    await waiting;
    expect(done).toBe(true);
  });

  it('does not wait forever where no frames are drawn (a hidden tab)', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 1); // never calls back
    let done = false;
    void afterNextPaint(100).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
