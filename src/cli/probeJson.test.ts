import { describe, expect, it } from 'vitest';
import type { ProbeActivations } from '../engine/contracts/probe';
import { probeInput, probeJson } from './probeJson';

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

describe('--probe N’s JSON of an encoder–decoder', () => {
  // Input vocabulary a, b, c over 4 steps, front-padded: "ab" at steps 2–3 (steps 0–1 all zero).
  const input = Float32Array.from([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
  const translation = {
    outSteps: 2,
    inSteps: 4,
    alpha: Float32Array.of(0, 0, 0.75, 0.25, 0, 0, 0.1, 0.9),
    // Step 0 writes "y" (0.6 > 0.4), step 1 writes "x".
    outputs: Float32Array.of(0.4, 0.6, 0.7, 0.3),
  };
  const seq2seq = {
    outputs: 4,
    targetScale: undefined,
    vocabulary: ['a', 'b', 'c'],
    target: { steps: 2, vocabulary: ['x', 'y'] },
  };

  it('carries α as [T_out][T_in], the string read, where it starts, and the string written', () => {
    const probe = { ...probeOf(null), steps: 4, translation };
    const read = JSON.parse(JSON.stringify(probeJson(3, probe, null, seq2seq, input)));
    expect(read.translation).toEqual({
      input: 'ab',
      inputStart: 2,
      output: 'yx',
      alpha: [
        [0, 0, 0.75, 0.25],
        [0, 0, Math.fround(0.1), Math.fround(0.9)],
      ],
      outputs: [[0.4, 0.6].map(Math.fround), [0.7, 0.3].map(Math.fround)],
    });
  });

  it('says null for the input it was not given, and null for a model without a decoder', () => {
    const probe = { ...probeOf(null), steps: 4, translation };
    const read = JSON.parse(JSON.stringify(probeJson(3, probe, null, seq2seq)));
    expect(read.translation).toMatchObject({ input: null, inputStart: null, output: 'yx' });
    expect(probeJson(0, probeOf(null), null, dataset).translation).toBeNull();
  });

  it('reads validation window w’s rows of the split', () => {
    const x = Float32Array.from({ length: 3 * 4 * 3 }, (_, i) => i);
    const rows = probeInput({ val: { n: 3, x, y: new Float32Array(0) }, timesteps: 4, features: 3 }, 1);
    expect(Array.from(rows)).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
  });
});
