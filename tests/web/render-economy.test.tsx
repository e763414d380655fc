// The page re-renders as runs start and end, and a run reports progress every
// frame: these pieces keep that work to what changed.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { memoized } from '../../web/src/components/memoized';
import { RunProgress, createProgressFeed } from '../../web/src/components/RunProgress';

afterEach(cleanup);

describe('memoized', () => {
  it('skips a parent render with the same props, renders on a changed prop and on its own state', async () => {
    let renders = 0;
    let bump: () => void = () => {};
    const Inner = ({ label }: { label: string }) => {
      const [n, setN] = useState(0);
      bump = () => setN((x) => x + 1);
      renders++;
      return (
        <p>
          {label} {n}
        </p>
      );
    };
    const Memo = memoized(Inner);
    let setOuter: (v: number) => void = () => {};
    let setLabel: (v: string) => void = () => {};
    const Parent = () => {
      const [outer, so] = useState(0);
      const [label, sl] = useState('a');
      setOuter = so;
      setLabel = sl;
      return (
        <div data-outer={outer}>
          <Memo label={label} />
        </div>
      );
    };
    const { container } = render(<Parent />);
    expect(renders).toBe(1);
    await act(() => setOuter(1));
    expect(container.querySelector('div')!.dataset.outer).toBe('1');
    expect(renders).toBe(1); // same props: not rendered again
    await act(() => setLabel('b'));
    expect(renders).toBe(2);
    expect(container.textContent).toBe('b 0');
    await act(() => bump());
    expect(renders).toBe(3);
    expect(container.textContent).toBe('b 1');
  });
});

describe('RunProgress', () => {
  it('shows what the feed is set to, one update per animation frame for reports, and goes away on undefined', async () => {
    const feed = createProgressFeed();
    const { container } = render(<RunProgress feed={feed} />);
    expect(container.querySelector('progress')).toBeNull();
    await act(() => feed.set(0));
    expect(container.querySelector('progress')!.value).toBe(0);
    feed.report(0.25);
    feed.report(0.5); // the same frame: only the latest is shown
    expect(container.querySelector('progress')!.value).toBe(0); // not before the frame
    await act(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    expect(container.querySelector('progress')!.value).toBe(0.5);
    expect(container.textContent).toBe('50 %');
    feed.report(0.75);
    await act(() => feed.set(undefined)); // a pending report does not bring the bar back
    await act(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    expect(container.querySelector('progress')).toBeNull();
  });
});
