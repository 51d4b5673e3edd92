import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProbeThrottle } from './probeThrottle';

afterEach(() => vi.useRealTimers());

describe('the epochs’ probes, at most one a second', () => {
  it('sends the first at once, then the latest of those within a second when it ends', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const throttle = new ProbeThrottle<number>(
      (p) => sent.push(p),
      1000,
      () => Date.now(),
    );
    throttle.offer(1);
    vi.advanceTimersByTime(300);
    throttle.offer(2);
    vi.advanceTimersByTime(300);
    throttle.offer(3);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(400);
    expect(sent).toEqual([1, 3]);
    // A slow epoch (over a second apart) goes at once.
    vi.advanceTimersByTime(1500);
    throttle.offer(4);
    expect(sent).toEqual([1, 3, 4]);
  });

  it('reset drops what waits, and the next one goes at once', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const throttle = new ProbeThrottle<number>(
      (p) => sent.push(p),
      1000,
      () => Date.now(),
    );
    throttle.offer(1);
    throttle.offer(2);
    throttle.reset();
    vi.advanceTimersByTime(2000);
    expect(sent).toEqual([1]);
    throttle.offer(3);
    expect(sent).toEqual([1, 3]);
  });

  it('flush sends the one waiting at once, and nothing when none waits', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const throttle = new ProbeThrottle<number>(
      (p) => sent.push(p),
      1000,
      () => Date.now(),
    );
    throttle.offer(1);
    throttle.offer(2);
    throttle.offer(3);
    throttle.flush();
    expect(sent).toEqual([1, 3]);
    vi.advanceTimersByTime(2000);
    throttle.flush();
    expect(sent).toEqual([1, 3]);
  });
});
