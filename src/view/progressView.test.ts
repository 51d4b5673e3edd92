import { describe, expect, it } from 'vitest';
import { progressView, timeLeft } from './progressView';

describe('progressView', () => {
  it('says what a wait without a count is doing, with a bar that only moves', () => {
    expect(progressView({ task: 'dataset' }, 0)).toEqual({ label: { key: 'progressDataset', vars: {} } });
    expect(progressView({ task: 'compile' }, 0)).toEqual({ label: { key: 'progressCompile', vars: {} } });
    expect(progressView(null, 3)).toBeNull();
  });

  it('counts the steps of the epoch under way and gives the time left', () => {
    const view = progressView({ task: 'train', epoch: 1, step: 12, steps: 39, etaMs: 125_000 }, 0);
    expect(view).toEqual({
      label: { key: 'progressTrain', vars: { epoch: 1, step: 12, steps: 39 } },
      done: 12,
      total: 39,
      left: { key: 'progressLeftMin', vars: { n: 2 } },
    });
    expect(progressView({ task: 'train', epoch: 1, step: 1, steps: 39, etaMs: null }, 0)).not.toHaveProperty(
      'left',
    );
  });

  it('hides the step count once the epoch’s own report is in', () => {
    expect(progressView({ task: 'train', epoch: 4, step: 39, steps: 39, etaMs: 0 }, 4)).toBeNull();
  });
});

describe('timeLeft', () => {
  it('rounds as a person would say it', () => {
    expect(timeLeft(1_000)).toEqual({ key: 'progressLeftS', vars: { n: 5 } });
    expect(timeLeft(42_000)).toEqual({ key: 'progressLeftS', vars: { n: 40 } });
    expect(timeLeft(100_000)).toEqual({ key: 'progressLeftMin', vars: { n: 2 } });
    expect(timeLeft(3 * 3600_000)).toEqual({ key: 'progressLeftH', vars: { n: 3 } });
    // The switches: 90 s is 2 min, not 90 s; 90 min is 2 h, not 90 min.
    expect(timeLeft(89_000)).toEqual({ key: 'progressLeftS', vars: { n: 90 } });
    expect(timeLeft(90_000)).toEqual({ key: 'progressLeftMin', vars: { n: 2 } });
    expect(timeLeft(89 * 60_000)).toEqual({ key: 'progressLeftMin', vars: { n: 89 } });
    expect(timeLeft(90 * 60_000)).toEqual({ key: 'progressLeftH', vars: { n: 2 } });
  });
});
