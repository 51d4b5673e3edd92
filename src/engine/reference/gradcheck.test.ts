import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { Task } from '../../data/types';
import { type AttentionChoice, CELL_TYPES, type CellType } from '../../model/config';
import {
  allocWeights,
  isRegularized,
  type ModelShape,
  modelShape,
  outputWidth,
  type RecurrentWeights,
  weightTensors,
} from '../../model/params';
import { type DropoutMasks, LstmModel } from './model';
import { allocFloat64, type ModelTensors, tensorList } from './types';

/**
 * Analytic gradients vs central finite differences, in float64, for every element of every
 * parameter tensor of a 2-layer model of each cell type, one direction and Bidirectional, with all
 * dropout masks on (fixed, each direction its own) and L1 + L2 in the objective
 * J = data loss + Σ_kernels (l2·Σw² + l1·Σ|w|). This holds backward to forward; that forward
 * computes what Keras means is the TensorFlow.js and PyTorch oracles' job (tfjsOracle.test.ts).
 *
 * Tolerance: relative error |a − n| / max(|a| + |n|, 1e-7) < 1e-6. With h = 1e-5 the central
 * difference's truncation error is O(h²·J''') ≈ 1e-10 and its rounding error ≈ ε_64·|J|/h ≈ 1e-11,
 * both far below 1e-6 of a typical gradient (1e-3…1e-1); a wrong term in any formula (a missing
 * mask, a gate derivative, an off-by-one timestep) gives errors of order 1. An absolute difference
 * under ABS_FLOOR = 1e-10 (5× the rounding error ε_64·|J|/h ≈ 2e-11 at |J| ≈ 1) passes whatever its
 * relative size: the additive attention's bias has gradients near 1e-6 (a shift common to every
 * step's score cancels in the softmax), where that rounding alone is a relative 3e-6 (measured
 * worst 7e-12 absolute); a broken term there would still differ by ~1e-6.
 */
const ABS_FLOOR = 1e-10;
const F = 3;
const UNITS = [4, 3];
const B = 3;
const T = 4;
const L1 = 0.01;
const L2 = 0.02;

/** Random tensors of the shape, every tensor (the GRU's recurrent bias and the reverse direction too). */
function randomTensors(rng: Prng, shape: ModelShape): ModelTensors<Float64Array> {
  const w = allocWeights(shape);
  for (const t of weightTensors(w)) for (let i = 0; i < t.length; i++) t[i] = rng.uniform(-0.6, 0.6);
  const f64 = (t: Float32Array) => Float64Array.from(t);
  const direction = (d: RecurrentWeights) => ({
    kernel: f64(d.kernel),
    recurrent: f64(d.recurrent),
    bias: f64(d.bias),
    ...(d.recurrentBias ? { recurrentBias: f64(d.recurrentBias) } : {}),
  });
  return {
    layers: w.layers.map((l) => ({
      ...direction(l),
      ...(l.backward ? { backward: direction(l.backward) } : {}),
    })),
    ...(w.attention
      ? {
          attention: {
            vector: f64(w.attention.vector),
            ...(w.attention.kernel ? { kernel: f64(w.attention.kernel) } : {}),
            ...(w.attention.bias ? { bias: f64(w.attention.bias) } : {}),
          },
        }
      : {}),
    headKernel: f64(w.headKernel),
    headBias: f64(w.headBias),
  };
}

function randomMask(rng: Prng, n: number, rate: number): Float64Array {
  return Float64Array.from({ length: n }, () => (rng.next() < rate ? 0 : 1 / (1 - rate)));
}

function check(
  task: Task,
  outputs: number,
  cell: CellType,
  bidirectional: boolean,
  attention: AttentionChoice = 'none',
  padded = false,
) {
  const rng = new Prng(7);
  const shape = modelShape(UNITS, F, outputs, cell, bidirectional, attention, padded);
  const w = randomTensors(rng, shape);
  const x0 = Float64Array.from({ length: T * B * F }, () => rng.normal());
  // Text's padding: batch row b's first b steps all zero, and the last row no real step at all.
  if (padded)
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++) if (t < b || b === B - 1) x0.fill(0, (t * B + b) * F, (t * B + b + 1) * F);
  const y = new Float64Array(B * outputs);
  for (let b = 0; b < B; b++) {
    if (task === 'classification') y[b * outputs + rng.int(outputs)] = 1;
    else for (let k = 0; k < outputs; k++) y[b * outputs + k] = rng.normal();
  }
  const perDirection = (n: number) =>
    Array.from({ length: shape.directions }, () => randomMask(rng, B * n, 0.3));
  const masks: DropoutMasks<Float64Array> = {
    input: shape.layers.map((l) => perDirection(l.inputSize)),
    recurrent: shape.layers.map((l) => perDirection(l.units)),
    output: randomMask(rng, B * outputWidth(shape), 0.3),
  };
  const regularized = isRegularized(allocWeights(shape));
  const model = new LstmModel(shape, task, B, T, allocFloat64);
  const tensors = tensorList(w);
  const objective = () => {
    let j = model.forwardBackward(w, x0, y, masks).loss;
    tensors.forEach((t, i) => {
      if (regularized[i]) for (const v of t) j += L2 * v * v + L1 * Math.abs(v);
    });
    return j;
  };
  model.forwardBackward(w, x0, y, masks);
  const analytic = tensorList(model.grads).map((g) => g.slice());
  // The penalty's gradient, as MATH.md writes it (the optimizer adds it on the fly).
  tensors.forEach((t, i) => {
    if (!regularized[i]) return;
    for (let e = 0; e < t.length; e++) analytic[i][e] += 2 * L2 * t[e] + L1 * Math.sign(t[e]);
  });

  const h = 1e-5;
  let worst = 0;
  let checked = 0;
  tensors.forEach((t, i) => {
    for (let e = 0; e < t.length; e++) {
      const saved = t[e];
      t[e] = saved + h;
      const up = objective();
      t[e] = saved - h;
      const down = objective();
      t[e] = saved;
      const numeric = (up - down) / (2 * h);
      const a = analytic[i][e];
      const diff = Math.abs(a - numeric);
      // Below the difference's own rounding (ABS_FLOOR) a relative error says nothing.
      const rel = diff < ABS_FLOOR ? 0 : diff / Math.max(Math.abs(a) + Math.abs(numeric), 1e-7);
      worst = Math.max(worst, rel);
      checked++;
    }
  });
  // Every tensor must carry some gradient, or a broken path could hide behind zeros.
  for (const g of analytic) expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-6);
  expect(checked).toBe(tensors.reduce((n, t) => n + t.length, 0));
  expect(worst).toBeLessThan(1e-6);
}

describe('model gradients match central finite differences (float64)', () => {
  for (const cell of CELL_TYPES)
    for (const bidirectional of [false, true]) {
      const name = bidirectional ? `Bidirectional(${cell})` : cell;
      it(`${name}, 2 layers, classification head (softmax cross-entropy), dropout + L1/L2`, () => {
        check('classification', 3, cell, bidirectional);
      });
      it(`${name}, 2 layers, regression head (MSE), dropout + L1/L2`, () => {
        check('regression', 2, cell, bidirectional);
      });
    }
  // Attention (issue 22) between the last layer, which then returns sequences, and the head: its
  // own tensors, and the gradient it hands back to every step of the layer below.
  for (const attention of ['additive', 'dot'] as const) {
    it(`LSTM, 2 layers, ${attention} attention, classification head, dropout + L1/L2`, () => {
      check('classification', 3, 'lstm', false, attention);
    });
    it(`Bidirectional(GRU), 2 layers, ${attention} attention, regression head, dropout + L1/L2`, () => {
      check('regression', 2, 'gru', true, attention);
    });
    it(`LSTM, 2 layers, ${attention} attention over padded input (text's mask), classification head`, () => {
      check('classification', 3, 'lstm', false, attention, true);
    });
  }
});
