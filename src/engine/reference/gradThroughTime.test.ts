import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import { CELL_TYPES, type CellType } from '../../model/config';
import { allocWeights, GATES_OF, modelShape, outputWidth, weightTensors } from '../../model/params';
import { meanNorms, PROBE_QUANTITIES } from '../contracts/probe';
import { type DropoutMasks, LstmModel } from './model';
import { allocFloat64, type ModelTensors } from './types';

/**
 * The gradient through time that the inside views draw, held to finite differences in float64 (as
 * gradcheck.test.ts holds the parameter gradients): the backward's ∂L/∂c_t and ∂L/∂h_t of every
 * step, row and unit (dc_steps, dh_steps), and their norms as grad_norm_steps sums them.
 *
 * c_t and h_t are not parameters, so the check nudges a pre-activation that reaches only them:
 * LSTM z_g moves c_t alone (∂L/∂z_g = ∂L/∂c_t · i(1 − g²)) and z_o moves h_t alone
 * (∂L/∂z_o = ∂L/∂h_t · o(1 − o)·tanh c_t); the GRU's input part of h̃ moves h_t alone
 * (· (1 − z)(1 − h̃²)); the SimpleRNN's z (· (1 − h²)). The factors come from the forward (the probe).
 * Error against the scale of each layer's ∂L/∂z (one tiny element's central difference is all
 * rounding, ~1e-11 absolute): measured ≤ 2.7e-10, bound 1e-6 as in gradcheck.test.ts. The norms,
 * which reach the views as f32 (meanNorms): measured ≤ 1.9e-7 relative, bound 2e-6 (~10x). A wrong
 * term (∂L/∂h_t without the recurrent part, say) gives errors of order 1e-1.
 */
const F = 3;
const UNITS = [4, 3];
const B = 3;
const T = 5;
const STEP = 1e-5;
const ELEMENT_TOLERANCE = 1e-6;
const NORM_TOLERANCE = 2e-6;

function setup(cell: CellType, bidirectional: boolean) {
  const rng = new Prng(11);
  const shape = modelShape(UNITS, F, 2, cell, bidirectional);
  const w32 = allocWeights(shape);
  for (const t of weightTensors(w32)) for (let i = 0; i < t.length; i++) t[i] = rng.uniform(-0.7, 0.7);
  const f64 = (d: {
    kernel: Float32Array;
    recurrent: Float32Array;
    bias: Float32Array;
    recurrentBias?: Float32Array;
  }) => ({
    kernel: Float64Array.from(d.kernel),
    recurrent: Float64Array.from(d.recurrent),
    bias: Float64Array.from(d.bias),
    ...(d.recurrentBias ? { recurrentBias: Float64Array.from(d.recurrentBias) } : {}),
  });
  const w: ModelTensors<Float64Array> = {
    layers: w32.layers.map((l) => ({ ...f64(l), ...(l.backward ? { backward: f64(l.backward) } : {}) })),
    headKernel: Float64Array.from(w32.headKernel),
    headBias: Float64Array.from(w32.headBias),
  };
  const mask = (n: number) => Float64Array.from({ length: n }, () => (rng.next() < 0.25 ? 0 : 1 / 0.75));
  const dirs = () => Array.from({ length: shape.directions }, () => 0);
  const masks: DropoutMasks<Float64Array> = {
    input: shape.layers.map((l) => dirs().map(() => mask(B * l.inputSize))),
    recurrent: shape.layers.map((l) => dirs().map(() => mask(B * l.units))),
    output: mask(B * outputWidth(shape)),
  };
  const model = new LstmModel(shape, 'regression', B, T, allocFloat64);
  model.x0.set(Float64Array.from({ length: T * B * F }, () => rng.normal()));
  model.y.set(Float64Array.from({ length: B * 2 }, () => rng.normal()));
  return { shape, w, masks, model };
}

/** The gate column a nudge goes to, and the factor that turns ∂L/∂z into ∂L/∂c_t or ∂L/∂h_t. */
function nudged(
  cell: CellType,
  of: 'c' | 'h',
  probe: (q: string) => number,
): { gate: number; factor: number } {
  if (cell === 'lstm') {
    const [i, g, o, c] = ['i', 'g', 'o', 'c'].map(probe);
    return of === 'c'
      ? { gate: 2, factor: i * (1 - g * g) }
      : { gate: 3, factor: o * (1 - o) * Math.tanh(c) };
  }
  if (cell === 'gru') {
    const [z, hh] = ['z', 'hh'].map(probe);
    return { gate: 2, factor: (1 - z) * (1 - hh * hh) };
  }
  const h = probe('h');
  return { gate: 0, factor: 1 - h * h };
}

function check(cell: CellType, bidirectional: boolean) {
  const { shape, w, masks, model } = setup(cell, bidirectional);
  const G = GATES_OF[cell];
  model.accumulateGradNorms = true;
  model.forward(w, masks);
  model.loss();
  model.backward(w);
  const analytic = model.stepGradients();
  const norms = model.normAccumulators();
  // The forward's values at every row, for the factors: one probed row per forward.
  const probes = Array.from({ length: B }, (_, b) => {
    model.setProbeRow(b);
    model.forward(w, masks);
    return model.probeBuffers().map((l) => l.map((p) => p.slice()));
  });
  const lossWith = (l: number, d: number, at: number, by: number) => {
    model.forward(w, masks, (layer, direction, zx) => {
      if (layer === l && direction === d) zx[at] += by;
    });
    return model.loss();
  };
  const worst = { elements: 0, norms: 0 };
  let checked = 0;
  const kinds: ('c' | 'h')[] = cell === 'lstm' ? ['c', 'h'] : ['h'];
  shape.layers.forEach(({ units: H }, l) => {
    for (let d = 0; d < shape.directions; d++)
      for (const of of kinds) {
        // ∂L/∂c_t (or h_t) by finite differences, every (t, b, j): the norms' oracle below.
        const numeric = new Float64Array(T * B * H);
        const nudges = { analytic: new Float64Array(T * B * H), numeric: new Float64Array(T * B * H) };
        for (let t = 0; t < T; t++)
          for (let b = 0; b < B; b++)
            for (let j = 0; j < H; j++) {
              const names = PROBE_QUANTITIES[cell] as readonly string[];
              const probe = (q: string) => probes[b][l][d][(names.indexOf(q) * T + t) * H + j];
              const { gate, factor } = nudged(cell, of, probe);
              const at = (t * B + b) * G * H + G * j + gate;
              const dz = (lossWith(l, d, at, STEP) - lossWith(l, d, at, -STEP)) / (2 * STEP);
              const n = (t * B + b) * H + j;
              numeric[n] = dz / factor;
              nudges.analytic[n] = analytic[l][d][of][n] * factor;
              nudges.numeric[n] = dz;
              checked++;
            }
        worst.elements = Math.max(worst.elements, relativeToScale(nudges.analytic, nudges.numeric));
        // grad_norm_steps summed one step: its mean over the batch against the oracle's.
        const oracle = new Float64Array(T * B);
        for (let r = 0; r < T * B; r++) {
          let s = 0;
          for (let j = 0; j < H; j++) s += numeric[r * H + j] ** 2;
          oracle[r] = Math.sqrt(s);
        }
        const got = meanNorms(Float32Array.from(norms[l][d][of]), B, 1);
        const want = meanNorms(Float32Array.from(oracle), B, 1);
        for (let t = 0; t < T; t++) {
          expect(want[t], `layer ${l} dir ${d} ‖∂L/∂${of}_${t}‖ is not zero`).toBeGreaterThan(1e-6);
          worst.norms = Math.max(worst.norms, Math.abs(got[t] - want[t]) / want[t]);
        }
      }
  });
  expect(checked).toBe(kinds.length * shape.directions * T * B * UNITS.reduce((a, b) => a + b, 0));
  return worst;
}

/** max |a − n| over max |n|: the error against the gradient's own scale (a single tiny element's
 * finite difference is all rounding, ~1e-11 absolute). */
function relativeToScale(a: Float64Array, n: Float64Array): number {
  let scale = 0;
  let error = 0;
  for (let i = 0; i < n.length; i++) {
    scale = Math.max(scale, Math.abs(n[i]));
    error = Math.max(error, Math.abs(a[i] - n[i]));
  }
  return error / scale;
}

describe('∂L/∂c_t and ∂L/∂h_t of every step, and their norms, match finite differences (float64)', () => {
  for (const cell of CELL_TYPES)
    it(`${cell}, 2 layers, recurrent and input dropout`, () => {
      const worst = check(cell, false);
      expect(worst.elements).toBeLessThan(ELEMENT_TOLERANCE);
      expect(worst.norms).toBeLessThan(NORM_TOLERANCE);
    });
  it('Bidirectional LSTM: both directions', () => {
    const worst = check('lstm', true);
    expect(worst.elements).toBeLessThan(ELEMENT_TOLERANCE);
    expect(worst.norms).toBeLessThan(NORM_TOLERANCE);
  });
});
