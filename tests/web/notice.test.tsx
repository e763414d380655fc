// "What to notice" says when the run's settings are not the lesson's defaults,
// which its sentences are about.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { NoticeList, changedSettings } from '../../web/src/components/Notice';
import { sleep } from './fixtures';

afterEach(cleanup);

const defaults = { first_ms: 800, second_ms: 900, scale: 1, cancel_rest: true };

describe('what to notice', () => {
  it('on the defaults: the sentences alone', () => {
    render(<NoticeList scenario={sleep} params={defaults} threads={2} />);
    expect(screen.getByText(sleep.notice[0])).toBeTruthy();
    expect(screen.queryByText(/lesson’s defaults/)).toBeNull();
  });

  it('names every setting that differs from the defaults, by its label', () => {
    expect(changedSettings(sleep, { ...defaults, scale: 0.25, cancel_rest: false }, 4)).toEqual(['threads 4', 'Scale 0.25', 'Cancel the rest off']);
    render(<NoticeList scenario={sleep} params={{ ...defaults, scale: 0.25 }} threads={2} />);
    expect(screen.getByText(/lesson’s defaults/).textContent).toBe('These notes are about the lesson’s defaults; this run has Scale 0.25.');
  });
});
