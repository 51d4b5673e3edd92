import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { Task } from '../../data/types';
import { modelShape } from '../../model/params';
import { type DropoutMasks, LstmModel } from './model';
import { allocFloat64, type ModelTensors, tensorList } from './types';

/**
 * Analytic gradients vs central finite differences, in float64, for every element of every
 * parameter tensor of a 2-layer model, with all three dropout masks on (fixed) and L1 + L2 in the
 * objective J = data loss + Σ_kernels (l2·Σw² + l1·Σ|w|).
 *
 * Tolerance: relative error |a − n| / max(|a| + |n|, 1e-7) < 1e-6. With h = 1e-5 the central
 * difference's truncation error is O(h²·J''') ≈ 1e-10 and its rounding error ≈ ε_64·|J|/h ≈ 1e-11,
 * both far below 1e-6 of a typical gradient (1e-3…1e-1); a wrong term in any formula (a missing
 * mask, a gate derivative, an off-by-one timestep) gives errors of order 1.
 */
const F = 3;
const UNITS = [4, 3];
const B = 3;
const T = 4;
const L1 = 0.01;
const L2 = 0.02;

function randomTensors(rng: Prng, shape: ReturnType<typeof modelShape>): ModelTensors<Float64Array> {
  const r = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-0.6, 0.6));
  return {
    layers: shape.layers.map(({ inputSize, units }) => ({
      kernel: r(inputSize * 4 * units),
      recurrent: r(units * 4 * units),
      bias: r(4 * units),
    })),
    headKernel: r(shape.layers[shape.layers.length - 1].units * shape.outputs),
    headBias: r(shape.outputs),
  };
}

function randomMask(rng: Prng, n: number, rate: number): Float64Array {
  return Float64Array.from({ length: n }, () => (rng.next() < rate ? 0 : 1 / (1 - rate)));
}

function check(task: Task, outputs: number) {
  const rng = new Prng(7);
  const shape = modelShape(UNITS, F, outputs);
  const w = randomTensors(rng, shape);
  const x0 = Float64Array.from({ length: T * B * F }, () => rng.normal());
  const y = new Float64Array(B * outputs);
  for (let b = 0; b < B; b++) {
    if (task === 'classification') y[b * outputs + rng.int(outputs)] = 1;
    else for (let k = 0; k < outputs; k++) y[b * outputs + k] = rng.normal();
  }
  const masks: DropoutMasks<Float64Array> = {
    input: shape.layers.map((l) => randomMask(rng, B * l.inputSize, 0.3)),
    recurrent: shape.layers.map((l) => randomMask(rng, B * l.units, 0.3)),
    output: randomMask(rng, B * UNITS[UNITS.length - 1], 0.3),
  };
  const model = new LstmModel(shape, task, B, T, allocFloat64);
  const tensors = tensorList(w);
  const regularized = [...w.layers.flatMap(() => [true, true, false]), true, false];
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
      const rel = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-7);
      worst = Math.max(worst, rel);
      checked++;
    }
  });
  // Every tensor must carry some gradient, or a broken path could hide behind zeros.
  for (const g of analytic) expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-6);
  expect(checked).toBe(tensors.reduce((n, t) => n + t.length, 0));
  expect(worst).toBeLessThan(1e-6);
}

describe('LSTM model gradients match central finite differences (float64)', () => {
  it('classification head (softmax cross-entropy), 2 layers, dropout + L1/L2', () => {
    check('classification', 3);
  });
  it('regression head (MSE), 2 layers, dropout + L1/L2', () => {
    check('regression', 2);
  });
});
