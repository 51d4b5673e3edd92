import { expect } from 'vitest';
import {
  type GradNorms,
  PROBE_QUANTITIES,
  type ProbeActivations,
  type ProbeQuantity,
} from '../../../src/engine/contracts/probe';
import { sigmoid, tanh_safe } from '../../../src/engine/reference/lstmCell';
import type { CellType } from '../../../src/model/config';

/**
 * Comparing two engines' probes (engine/contracts/probe.ts), for the WebGPU and the WebAssembly probe tests:
 * the worst difference between two probes, between two sets of gradient norms, and how far a
 * probe strays from its own cell's equations.
 */

/** The worst absolute difference over every array of two probes, and where it is. */
export function probeDifference(a: ProbeActivations, b: ProbeActivations): { error: number; where: string } {
  let error = 0;
  let where = '';
  const compare = (x: Float32Array | null | undefined, y: Float32Array | null | undefined, name: string) => {
    expect(x?.length, name).toBe(y?.length);
    if (!x || !y) return;
    for (let i = 0; i < x.length; i++) {
      const e = Math.abs(x[i] - y[i]);
      if (!(e <= error)) [error, where] = [Number.isNaN(e) ? Infinity : e, `${name}[${i}]`];
    }
  };
  a.layers.forEach((layer, l) => {
    layer.directions.forEach((d, k) => {
      for (const q of PROBE_QUANTITIES[a.cell])
        compare(d[q], b.layers[l].directions[k][q], `layer ${l} dir ${k} ${q}`);
    });
  });
  compare(a.readout, b.readout, 'readout');
  return { error, where };
}

/** The worst difference between two sets of norms, relative to the largest value of each array. */
export function normDifference(a: GradNorms, b: GradNorms): number {
  let worst = 0;
  const pairs = [
    ...(a.c ?? []).flat().map((x, i) => [x, (b.c ?? []).flat()[i]]),
    ...a.h.flat().map((x, i) => [x, b.h.flat()[i]]),
  ];
  for (const [x, y] of pairs) {
    let scale = 0;
    for (const v of y) scale = Math.max(scale, Math.abs(v));
    for (let t = 0; t < x.length; t++) worst = Math.max(worst, Math.abs(x[t] - y[t]) / scale);
  }
  return worst;
}

/**
 * Each kind's equations between its probe's quantities at one unit and step: `v` reads a quantity
 * there, `before` the same unit's value at the step before (0 at the first). A kind missing here
 * fails `tsc`.
 */
const EQUATIONS: Record<
  CellType,
  (
    v: (q: ProbeQuantity) => number,
    before: (q: ProbeQuantity) => number,
    check: (got: number, want: number) => void,
  ) => void
> = {
  lstm: (v, before, check) => {
    const [i, f, g, o, c, h] = (['i', 'f', 'g', 'o', 'c', 'h'] as const).map(v);
    check(i, sigmoid(v('pre_i')));
    check(f, sigmoid(v('pre_f')));
    check(g, tanh_safe(v('pre_g')));
    check(o, sigmoid(v('pre_o')));
    check(c, f * before('c') + i * g);
    check(h, o * Math.tanh(c));
  },
  gru: (v, before, check) => {
    const [z, r, hh, h] = (['z', 'r', 'hh', 'h'] as const).map(v);
    check(z, sigmoid(v('pre_z')));
    check(r, sigmoid(v('pre_r')));
    check(hh, tanh_safe(v('pre_hh')));
    check(h, z * before('h') + (1 - z) * hh);
  },
  simple_rnn: (v, _before, check) => check(v('h'), tanh_safe(v('pre_h'))),
};

/** The worst breach of the cell's own equations inside a probe. */
export function equationError(p: ProbeActivations): number {
  let worst = 0;
  const T = p.steps;
  for (const layer of p.layers) {
    const H = layer.units;
    layer.directions.forEach((d, k) => {
      const reverse = k === 1;
      for (let t = 0; t < T; t++) {
        const prev = reverse ? t + 1 : t - 1;
        const has = prev >= 0 && prev < T;
        for (let j = 0; j < H; j++) {
          const n = t * H + j;
          const at = (a: Float32Array | undefined, m = n) => (a ? a[m] : Number.NaN);
          const check = (got: number, want: number) => {
            worst = Math.max(worst, Number.isNaN(got - want) ? Infinity : Math.abs(got - want));
          };
          EQUATIONS[p.cell](
            (q) => at(d[q]),
            (q) => (has ? at(d[q], prev * H + j) : 0),
            check,
          );
        }
      }
    });
  }
  return worst;
}
