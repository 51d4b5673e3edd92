import { expect } from 'vitest';
import { type GradNorms, PROBE_QUANTITIES, type ProbeActivations } from '../probe';
import { sigmoid, tanh_safe } from '../reference/lstmCell';

/**
 * Comparing two engines' probes (engine/probe.ts), for the WebGPU and the WebAssembly probe tests:
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
          if (p.cell === 'lstm') {
            const [i, f, g, o, c, h] = [d.i, d.f, d.g, d.o, d.c, d.h].map((a) => at(a));
            check(i, sigmoid(at(d.pre_i)));
            check(f, sigmoid(at(d.pre_f)));
            check(g, tanh_safe(at(d.pre_g)));
            check(o, sigmoid(at(d.pre_o)));
            check(c, f * (has ? at(d.c, prev * H + j) : 0) + i * g);
            check(h, o * Math.tanh(c));
          } else if (p.cell === 'gru') {
            const [z, r, hh, h] = [d.z, d.r, d.hh, d.h].map((a) => at(a));
            check(z, sigmoid(at(d.pre_z)));
            check(r, sigmoid(at(d.pre_r)));
            check(hh, tanh_safe(at(d.pre_hh)));
            check(h, z * (has ? at(d.h, prev * H + j) : 0) + (1 - z) * hh);
          } else check(at(d.h), tanh_safe(at(d.pre_h)));
        }
      }
    });
  }
  return worst;
}
