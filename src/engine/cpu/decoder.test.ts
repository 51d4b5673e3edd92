import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import { stackLayers } from '../../model/layers';
import { allocWeights, type ModelShape, shapeOf } from '../../model/params';
import { packWeights, paramLayout, tensorViews } from '../contracts/paramLayout';
import { LstmModel } from '../reference/model';
import { allocFloat64 } from '../reference/types';

/**
 * The decoder's behaviour in the one CPU step (cpu/decoder.ts, cpu/model.ts): it is causal (step
 * i's output reads only the targets before i), greedy decoding is what teacher forcing on its own
 * choices gives back, and the loss is the mean over output steps. Float64, a random model.
 */
const F = 5;
const B = 4;
const T = 6;
const S = 4;
const V = 3;

function setup(seed = 3) {
  const rng = new Prng(seed);
  const shape: ModelShape = shapeOf(
    stackLayers({
      layers: [4],
      cell: 'lstm',
      bidirectional: false,
      features: F,
      outputs: V,
      maskPadding: true,
      decoder: { score: 'general', steps: S, vocabulary: V },
    }),
  );
  const layout = paramLayout(shape);
  const flat = Float64Array.from(packWeights(layout, allocWeights(shape)), () => rng.uniform(-1.5, 1.5));
  const w = tensorViews(layout, flat, shape);
  const model = new LstmModel(shape, 'classification', B, T, allocFloat64, false);
  const x0 = new Float64Array(T * B * F);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) if (t >= b) x0[(t * B + b) * F + rng.int(F)] = 1;
  const y = new Float64Array(B * S * V);
  for (let b = 0; b < B; b++) for (let i = 0; i < S; i++) y[b * S * V + i * V + rng.int(V)] = 1;
  model.x0.set(x0);
  model.y.set(y);
  return { model, w, rng };
}

const argmaxAt = (a: Float64Array, at: number) => {
  let best = 0;
  for (let v = 1; v < V; v++) if (a[at + v] > a[at + best]) best = v;
  return best;
};

describe('the decoder', () => {
  it('is causal: changing step i’s target changes no output before step i + 1', () => {
    const { model, w } = setup();
    model.forward(w, null);
    model.loss();
    const before = model.outputs.slice();
    const i = 2;
    // Batch row 1's step-2 target moves to another symbol.
    const at = 1 * S * V + i * V;
    const old = argmaxAt(model.y, at);
    model.y.fill(0, at, at + V);
    model.y[at + ((old + 1) % V)] = 1;
    model.forward(w, null);
    model.loss();
    for (let step = 0; step < S; step++) {
      const r = (step * B + 1) * V;
      const same = [0, 1, 2].every((v) => model.outputs[r + v] === before[r + v]);
      expect(same, `step ${step}`).toBe(step <= i);
    }
  });

  it('decodes greedily: each step’s output is the argmax of teacher forcing on its own earlier choices', () => {
    const { model, w } = setup();
    model.forward(w, null);
    const pred = model.greedyDecode(w).slice();
    const greedy = model.outputs.slice();
    // Teacher forcing with the greedy choices as targets gives the same outputs back.
    model.y.set(pred);
    model.forward(w, null);
    model.loss();
    for (let k = 0; k < greedy.length; k++) expect(model.outputs[k]).toBeCloseTo(greedy[k], 12);
    for (let b = 0; b < B; b++)
      for (let i = 0; i < S; i++) {
        const chosen = argmaxAt(pred, b * S * V + i * V);
        expect(pred[b * S * V + i * V + chosen]).toBe(1);
        expect(chosen).toBe(argmaxAt(greedy, (i * B + b) * V));
      }
  });

  it('averages the loss over the output steps; a window’s loss is its steps’ mean', () => {
    const { model, w } = setup();
    model.forward(w, null);
    const mean = model.loss();
    let sum = 0;
    for (let b = 0; b < B; b++) sum += model.windowLoss(b);
    expect(sum / B).toBeCloseTo(mean, 12);
    expect(model.loss(2)).toBeCloseTo((model.windowLoss(0) + model.windowLoss(1)) / 2, 12);
    // Each step's row loss is −log of the target's probability.
    const r = 2 * B + 3;
    const target = argmaxAt(model.y, 3 * S * V + 2 * V);
    expect(model.rowLoss[r]).toBeCloseTo(-Math.log(model.outputs[r * V + target]), 12);
  });

  it('attends only to the encoder’s real steps: the alignment rows sum to 1 and padding gets 0', () => {
    const { model, w } = setup();
    model.setProbeRow(2);
    model.forward(w, null);
    model.greedyDecode(w);
    const probe = model.translationProbe();
    expect(probe).not.toBeNull();
    if (!probe) return;
    expect([probe.outSteps, probe.inSteps]).toEqual([S, T]);
    for (let i = 0; i < S; i++) {
      const row = probe.alpha.subarray(i * T, (i + 1) * T);
      expect(row[0] + row[1]).toBe(0); // batch row 2's first two steps are padding
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(probe.outputs.subarray(i * V, (i + 1) * V).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });
});
