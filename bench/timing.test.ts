import { describe, expect, it, vi } from 'vitest';
import { pairedShare, timeSteps } from './timing';

/** timing.ts: the one rule every engine of the benchmark is timed by, and the paired GEMM share. */
describe('benchmark timing', () => {
  it('times every engine by one rule: warm-up for the budget, then repetitions of about repMs', async () => {
    // A clock that only the steps move: `pace(step)` ms each, so the rule's choices are exact.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const plan = { warmupMs: 1000, repMs: 250, minSteps: 2, measured: 3 };
      const timed = async (pace: (step: number) => number) => {
        let step = 0;
        const counts: number[] = [];
        const result = await timeSteps(async (n) => {
          counts.push(n);
          for (let i = 0; i < n; i++) now += pace(step++);
        }, plan);
        return { ...result, counts, steps: step };
      };
      // A fast engine (4 ms a step, after 10 slow ones while its code tiers up): warmed up past the
      // slow steps, then 63 steps a repetition (250 / 4), and the slow start is not in its figure.
      const fast = await timed((s) => (s < 10 ? 40 : 4));
      expect(fast.stepsPerRep).toBe(63);
      expect(fast.msPerStep).toBe(4);
      expect(fast.counts.slice(-3)).toEqual([63, 63, 63]);
      expect(fast.repsMsPerStep).toEqual([4, 4, 4]);
      expect(fast.steps - 3 * 63).toBe(10 + 600 / 4);
      // A slow one (1.8 s a step): one warm-up repetition, then the minimum of 2 steps.
      const slow = await timed(() => 1800);
      expect(slow.counts).toEqual([2, 2, 2, 2]);
      expect(slow.msPerStep).toBe(1800);
      // The median of the repetitions: one disturbed repetition does not move it.
      let rep = 0;
      now = 0;
      const disturbed = await timeSteps(
        async (n) => {
          rep++;
          now += n * (rep === 12 ? 10 : 5); // 10 warm-up repetitions, then the 2nd timed one is slow
        },
        { warmupMs: 100, repMs: 50, minSteps: 2, measured: 3 },
      );
      expect(disturbed.msPerStep).toBe(5);
    } finally {
      clock.mockRestore();
    }
  });

  it("takes our WebAssembly step's share of its GEMM pair by pair, so the machine's drift cancels", () => {
    // 0.16 GFLOP a step; the machine's pace drifts (its GEMM 80, 32, 64, 40, 50 GFLOP/s) and the
    // step drifts with it: every pair says 50%. Against the first GEMM alone the median share
    // would be 31%; paired one repetition off, 40%.
    expect(pairedShare(0.16e9, [4, 10, 5, 8, 6.4], [80, 32, 64, 40, 50])).toBeCloseTo(0.5, 12);
    // One disturbed step (12 ms at full pace) moves the median no further than its neighbours.
    expect(pairedShare(0.16e9, [4, 4, 12, 4, 4], [80, 80, 80, 80, 80])).toBeCloseTo(0.5, 12);
    expect(pairedShare(0.16e9, [], [])).toBeNull();
  });
});
