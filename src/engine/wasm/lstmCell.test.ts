import { afterAll, describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import { dropout_mask, maskParams } from '../reference/dropout';
import { type CellDims, cellDims, lstm_cell_backward, lstm_cell_forward } from '../reference/lstmCell';
import { firstMismatch, worstError } from '../testing/dispatch';
import { randomFloats } from '../testing/testDevice';
import { inPool, testKernels } from '../testing/wasmPool';
import type { WasmKernels } from './kernels';

/**
 * One call of the WebAssembly lstm_cell_forward / lstm_cell_backward against one call of its twin,
 * from the same state, at a chosen timestep, on one thread and on two (the threads split the batch
 * rows): a failure names the kernel, the shape, t and the buffer.
 *
 * Measured (these shapes, 1 and 2 threads): forward ≤ 4.5e-7 of each buffer's scale, backward ≤ 1.6e-7 (f32 sums
 * against f64 sums, Cephes σ/tanh against Math's). The tolerance, 5e-6, is ~10× that; a wrong
 * index or a dropped term moves a buffer by 1e-2 or more of its scale.
 */
const TOLERANCE = 5e-6;

function randomState(dims: CellDims, seed: number) {
  const { batch: B, units: H, steps: T } = dims;
  const rng = new Prng(seed);
  const next = () => rng.next();
  const unit = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(0.05, 0.95));
  const hprev = randomFloats(T * B * H, next);
  hprev.fill(0, 0, B * H); // block 0 is the zero state, as the forward leaves it
  const mrec = new Float32Array(B * H);
  dropout_mask(maskParams(42, 1, 0.3, B * H), 3, mrec);
  return {
    zx: randomFloats(T * B * 4 * H, next, 2),
    activated: unit(T * B * 4 * H),
    U: randomFloats(H * 4 * H, next, 0.5),
    c: randomFloats(T * B * H, next, 1.5),
    mrec,
    hprev,
    h: randomFloats(T * B * H, next),
    dH: randomFloats(T * B * H, next),
    dz: randomFloats(T * B * 4 * H, next, 0.1),
    dc: randomFloats(B * H, next),
  };
}
type State = ReturnType<typeof randomState>;

const pools = new Map<number, Promise<WasmKernels>>();
const kernels = (threads: number) => {
  if (!pools.has(threads)) pools.set(threads, testKernels(threads, 1 << 20));
  return pools.get(threads)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

async function oneCall(dims: CellDims, threads: number, backward: boolean, t: number, s: State) {
  const k = await kernels(threads);
  const mark = k.pool.arena.bytes;
  const b = {
    gates: inPool(k, backward ? s.activated : s.zx),
    U: inPool(k, s.U),
    c: inPool(k, s.c),
    mrec: inPool(k, s.mrec),
    hprev: inPool(k, s.hprev),
    h: inPool(k, s.h),
    dH: inPool(k, s.dH),
    dz: inPool(k, s.dz),
    dc: inPool(k, s.dc),
  };
  if (backward) k.lstm_cell_backward(dims, t, b.gates, b.U, b.c, b.mrec, b.dH, b.dz, b.dc);
  else k.lstm_cell_forward(dims, t, b.gates, b.U, b.c, b.mrec, b.hprev, b.h);
  const got = {
    gates: b.gates.slice(),
    c: b.c.slice(),
    hprev: b.hprev.slice(),
    h: b.h.slice(),
    dz: b.dz.slice(),
    dc: b.dc.slice(),
  };
  k.pool.arena.reset(mark);
  const want = {
    gates: (backward ? s.activated : s.zx).slice(),
    c: s.c.slice(),
    hprev: s.hprev.slice(),
    h: s.h.slice(),
    dz: s.dz.slice(),
    dc: s.dc.slice(),
  };
  if (backward) lstm_cell_backward(dims, t, want.gates, s.U, want.c, s.mrec, s.dH, want.dz, want.dc);
  else {
    // The twin reads h_prev ⊙ m_rec from its carry buffer: here a copy of hprev's block t.
    const n = dims.batch * dims.units;
    const carry = [want.hprev.slice(t * n, (t + 1) * n), new Float32Array(n)];
    lstm_cell_forward(dims, t, want.gates, s.U, want.c, s.mrec, want.hprev, want.h, carry[0], carry[1]);
  }
  return { got, want };
}

describe('WebAssembly lstm_cell_forward / lstm_cell_backward: each call equals its twin', () => {
  // [B, H, T]: batch 1, one timestep, units not a multiple of 4 (the one-unit path), B not a
  // multiple of the 4-row groups, two threads with fewer rows than groups.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [3, 37, 6],
    [9, 16, 4],
    [32, 64, 3],
  ];
  for (const [B, H, T] of shapes)
    for (const threads of [1, 2])
      for (const backward of [false, true]) {
        const kernel = backward ? 'lstm_cell_backward' : 'lstm_cell_forward';
        it(`${kernel} B=${B} H=${H} T=${T} on ${threads} thread(s), at the first, a middle and the last t`, async () => {
          const dims = cellDims(B, H, T);
          const s = randomState(dims, B * 1000 + H * 10 + T);
          for (const t of new Set([0, Math.floor(T / 2), T - 1])) {
            const { got, want } = await oneCall(dims, threads, backward, t, s);
            for (const name of Object.keys(want) as (keyof typeof want)[]) {
              const { error, at } = worstError(got[name], want[name]);
              expect(error, `${kernel} B=${B} H=${H} T=${T} t=${t}: ${name}[${at}]`).toBeLessThan(TOLERANCE);
            }
          }
        });
      }
});

describe('the WebAssembly cell refuses dims it does not run', () => {
  it('a reverse direction or a strided h (a Bidirectional layer) throws instead of being misread', async () => {
    const k = await kernels(1);
    const s = randomState(cellDims(2, 4, 2), 5);
    const mark = k.pool.arena.bytes;
    const [gates, U, c, mrec, hprev, h] = [s.zx, s.U, s.c, s.mrec, s.hprev, s.h].map((x) => inPool(k, x));
    for (const odd of [{ reverse: 1 }, { h_stride: 8, h_off: 4 }]) {
      const dims: CellDims = { ...cellDims(2, 4, 2), ...odd };
      expect(() => k.lstm_cell_forward(dims, 0, gates, U, c, mrec, hprev, h)).toThrow(
        /one forward direction/,
      );
    }
    k.pool.arena.reset(mark);
  });
});

describe('lstm_cell_forward_steps / lstm_cell_backward_steps: every timestep in one call', () => {
  // The engine runs a layer's cell as one job in which each thread takes its batch rows through
  // all T steps. That must be T calls of the per-timestep kernel, in order, to the bit.
  for (const [B, H, T] of [
    [5, 7, 4],
    [9, 16, 3],
  ] as [number, number, number][])
    it(`B=${B} H=${H} T=${T}: 2 threads over all t equal T calls on 1 thread`, async () => {
      const dims = cellDims(B, H, T);
      const s = randomState(dims, 77);
      const run = async (threads: number, steps: boolean) => {
        const k = await kernels(threads);
        const mark = k.pool.arena.bytes;
        const [gates, U, c, mrec, hprev, h] = [s.zx, s.U, s.c, s.mrec, s.hprev, s.h].map((x) => inPool(k, x));
        const [dH, dz, dc] = [s.dH, s.dz, s.dc].map((x) => inPool(k, x));
        if (steps) k.lstm_cell_forward_steps(dims, gates, U, c, mrec, hprev, h);
        else for (let t = 0; t < T; t++) k.lstm_cell_forward(dims, t, gates, U, c, mrec, hprev, h);
        if (steps) k.lstm_cell_backward_steps(dims, gates, U, c, mrec, dH, dz, dc);
        else for (let t = T - 1; t >= 0; t--) k.lstm_cell_backward(dims, t, gates, U, c, mrec, dH, dz, dc);
        const out = {
          gates: gates.slice(),
          c: c.slice(),
          hprev: hprev.slice(),
          h: h.slice(),
          dz: dz.slice(),
          dc: dc.slice(),
        };
        k.pool.arena.reset(mark);
        return out;
      };
      const [want, got] = [await run(1, false), await run(2, true)];
      for (const name of Object.keys(want) as (keyof typeof want)[]) {
        const at = firstMismatch(got[name], want[name]);
        expect(at, `B=${B} H=${H} T=${T}: ${name}[${at}]`).toBe(-1);
      }
    });
});
