import { describe, expect, it } from 'vitest';
import type { AttentionProbe, ProbeLayer } from '../engine/contracts/probe';
import type { InsideProbe } from '../engine/host/inside';
import {
  alphaTop,
  attentionRowName,
  attentionSteps,
  contextShares,
  firstFor,
  percent,
  stateNorms,
  weightOn,
} from './attentionView';

/** 3 steps of a 2-unit layer: ‖h_0‖ = 5, ‖h_1‖ = 0, ‖h_2‖ = 1. */
const layer: ProbeLayer = { units: 2, directions: [{ h: Float32Array.of(3, 4, 0, 0, 0, 1) }] };
const attention = (alpha: number[]): AttentionProbe => ({
  score: 'dot',
  scores: Float32Array.of(1, 2, 3),
  alpha: Float32Array.from(alpha),
});
const probeOf = (epoch: number, window: number, att: AttentionProbe | null): InsideProbe => ({
  epoch,
  steps: epoch * 10,
  midEpoch: false,
  window,
  activations: { cell: 'lstm', steps: 3, layers: [layer], readout: null, attention: att },
  gradNorms: null,
  input: new Float32Array(3),
  target: new Float32Array(1),
  words: null,
});

describe('the attention view’s numbers', () => {
  it('‖h_t‖ over both directions of a Bidirectional layer, as the attention reads them side by side', () => {
    expect(Array.from(stateNorms(layer, 3))).toEqual([5, 0, 1]);
    const bi: ProbeLayer = {
      units: 1,
      directions: [{ h: Float32Array.of(3, 0) }, { h: Float32Array.of(4, 2) }],
    };
    expect(Array.from(stateNorms(bi, 2))).toEqual([5, 2]);
  });

  it('a step’s share of the context is α_t·‖h_t‖ over the sum: a zero state shares nothing', () => {
    // Terms 0.5·5, 0.25·0, 0.25·1 → 2.5 / 2.75 and 0.25 / 2.75.
    const shares = Array.from(contextShares([0.5, 0.25, 0.25], [5, 0, 1]));
    expect(shares[0]).toBeCloseTo(2.5 / 2.75, 12);
    expect(shares[1]).toBe(0);
    expect(shares[2]).toBeCloseTo(0.25 / 2.75, 12);
    expect(Array.from(contextShares([0.5, 0.5], [0, 0]))).toEqual([0, 0]);
  });

  it('the steps carry e_t, α_t, the share and the first epoch’s α_t for the same window only', () => {
    const now = probeOf(4, 2, attention([0.5, 0.25, 0.25]));
    const kept = [
      { epoch: 1, window: 7, attention: attention([0.9, 0.05, 0.05]) },
      { epoch: 1, window: 2, attention: attention([0.2, 0.3, 0.5]) },
    ];
    const first = firstFor(kept, now);
    expect(first?.window).toBe(2);
    const steps = attentionSteps(now, first)!;
    expect(steps.map((s) => [s.t, s.score, s.alpha, s.firstAlpha])).toEqual([
      [0, 1, 0.5, Math.fround(0.2)],
      [1, 2, 0.25, Math.fround(0.3)],
      [2, 3, 0.25, 0.5],
    ]);
    expect(steps[0].share).toBeCloseTo(2.5 / 2.75, 6);
    // The kept epoch is the probe's own: nothing to put beside it.
    expect(firstFor(kept, probeOf(1, 2, attention([1, 0, 0])))).toBeNull();
    expect(firstFor(kept, probeOf(4, 3, attention([1, 0, 0])))).toBeNull();
    expect(attentionSteps(probeOf(4, 2, null), null)).toBeNull();
  });

  it('the strips share one scale topped by the largest weight of either epoch, at least uniform', () => {
    const first = { epoch: 1, window: 0, attention: attention([0.1, 0.8, 0.1]) };
    expect(alphaTop(attention([0.5, 0.25, 0.25]), first)).toBeCloseTo(0.8, 6);
    expect(alphaTop(attention([1 / 3, 1 / 3, 1 / 3]), null)).toBeCloseTo(1 / 3, 6);
  });

  it('names the strip by the weights it shows: initial, during an epoch, after one', () => {
    const t = (key: string, vars?: Record<string, string | number>) => `${key}:${vars?.epoch ?? ''}`;
    const probe = probeOf(3, 0, null);
    expect(attentionRowName({ ...probe, steps: 0 }, t as never)).toBe('attViewRowInitial:');
    expect(attentionRowName({ ...probe, midEpoch: true }, t as never)).toBe('attViewRowDuring:4');
    expect(attentionRowName(probe, t as never)).toBe('attViewRow:3');
  });

  it('the weight on the marked steps, against the uniform share', () => {
    const { weight, uniform } = weightOn([0.1, 0.4, 0.1, 0.3, 0.1], [1, 3]);
    expect(weight).toBeCloseTo(0.7, 12);
    expect(uniform).toBeCloseTo(0.4, 12);
    expect([
      percent(0.62),
      percent(0.015),
      percent(0.0004),
      percent(1e-7),
      percent(0),
      percent(Number.NaN),
    ]).toEqual(['62%', '1.5%', '0.04%', '<0.01%', '0.00%', '—']);
  });
});
