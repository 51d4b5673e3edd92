import { describe, expect, it } from 'vitest';
import type { ProbeActivations } from '../engine/contracts/probe';
import { probeJson } from './probeJson';

/** A SimpleRNN(2) probe over 3 steps, with or without an attention layer's numbers. */
const probeOf = (attention: ProbeActivations['attention']): ProbeActivations => ({
  cell: 'simple_rnn',
  steps: 3,
  layers: [{ units: 2, directions: [{ h: Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6) }] }],
  readout: attention ? null : Float32Array.of(1, 2, 3),
  attention,
});
const dataset = { outputs: 1, targetScale: undefined };

describe('--probe N’s JSON', () => {
  it('carries the attention’s score kind, its scores and weights as plain arrays of T numbers', () => {
    const attention = {
      score: 'additive' as const,
      scores: Float32Array.of(-1, 0.5, 2),
      alpha: Float32Array.of(0.25, 0.25, 0.5),
    };
    const json = probeJson(4, probeOf(attention), null, dataset);
    // Through JSON as the runner prints it: nothing typed survives, plain numbers do.
    const read = JSON.parse(JSON.stringify(json));
    expect(read.attention).toEqual({ score: 'additive', scores: [-1, 0.5, 2], alpha: [0.25, 0.25, 0.5] });
    expect(read.readout).toBeNull();
    expect(read.layers[0].h).toEqual([
      [0.1, 0.2].map(Math.fround),
      [0.3, 0.4].map(Math.fround),
      [0.5, 0.6].map(Math.fround),
    ]);
  });

  it('says null where the model has no attention', () => {
    const read = JSON.parse(JSON.stringify(probeJson(0, probeOf(null), null, dataset)));
    expect(read.attention).toBeNull();
    expect(read.readout).toEqual([[1], [2], [3]]);
    // An engine that leaves the field out says the same.
    const { attention: _, ...without } = probeOf(null);
    expect(probeJson(0, without, null, dataset).attention).toBeNull();
  });
});
