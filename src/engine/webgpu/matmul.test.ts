import { describe, expect, it } from 'vitest';
import { padded, SENTINEL } from '../../../test/support/engine/dispatch';
import { randomFloats, relativeError, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import { matmul, matmulDims } from '../reference/matmul';
import { encodeDispatches, GpuContext, readFloats } from './gpuContext';
import { MATMUL_VARIANTS, type MatmulShape, matmulDispatch } from './matmulKernel';

// f32 sums of up to ~500 products in a different order than the reference: the error relative to
// the result's scale stays near 1e-6; 1e-5 leaves room without hiding a wrong index.
const TOLERANCE = 1e-5;

async function gpuMatmul(
  variantName: string,
  shape: MatmulShape,
  A: Float32Array,
  B: Float32Array,
  bias?: Float32Array,
  pad = 3,
) {
  const device = await testDevice();
  const ctx = new GpuContext(device);
  const variant = MATMUL_VARIANTS.find((v) => v.name === variantName)!;
  // Offsets inside the buffers, as the flat parameter buffer uses them: 3 keeps A off the vec4f
  // path, 4 (with strides that are multiples of 4) takes it.
  const aBuf = ctx.upload('a', Float32Array.from([...new Array(pad).fill(9), ...A]));
  const bBuf = ctx.upload('b', Float32Array.from([...new Array(pad).fill(7), ...B]));
  const cBuf = ctx.upload('c', padded(shape.m * shape.n, pad));
  const biasBuf = bias ? ctx.upload('bias', bias) : undefined;
  const d = matmulDispatch(ctx, variant, shape, {
    a: { buffer: aBuf, offset: pad },
    b: { buffer: bBuf, offset: pad },
    c: { buffer: cBuf, offset: pad },
    bias: biasBuf ? { buffer: biasBuf, offset: 0 } : undefined,
  });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, [d]);
  pass.end();
  device.queue.submit([enc.finish()]);
  const all = await readFloats(device, cBuf, 0, pad + shape.m * shape.n + pad);
  ctx.destroy();
  const outside = [...all.subarray(0, pad), ...all.subarray(pad + shape.m * shape.n)];
  // A write outside C (a clamped row or column stored after all) shows as NaN here.
  return outside.every((v) => v === SENTINEL)
    ? all.subarray(pad, pad + shape.m * shape.n)
    : all.fill(Number.NaN);
}

function referenceMatmul(shape: MatmulShape, A: Float32Array, B: Float32Array, bias?: Float32Array) {
  const C = new Float32Array(shape.m * shape.n);
  matmul(matmulDims(shape.m, shape.n, shape.k, shape.transA, shape.transB), A, B, C, bias ?? null);
  return C;
}

// Edge sizes: 1 row, 1 column, K = 1, sizes that are not multiples of any tile, one over 64.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 256, 37],
  [33, 1, 64],
  [7, 13, 5],
  [65, 70, 129],
];
// Strides that are multiples of 4 (vec4f loads): partial 8-row and 8-column groups, K mod 4 ≠ 0
// where only the M or N stride must be aligned.
const VEC_SHAPES: [number, number, number][] = [
  [4, 4, 4],
  [12, 20, 8],
  [16, 8, 6],
  [36, 68, 64],
];

describe('matmul on WebGPU matches reference matmul', () => {
  const rng = new Prng(7);
  const next = () => rng.next();
  for (const variant of MATMUL_VARIANTS) {
    it(`${variant.name}: every transpose combination and edge size`, async () => {
      // The tiled variant is slow on SwiftShader (barriers): its edge cases without the repeats.
      const shapes = variant.entry === 'matmul_tiled' ? SHAPES.slice(2) : [...SHAPES, ...VEC_SHAPES];
      for (const [m, n, k] of shapes) {
        const pad = VEC_SHAPES.some((v) => v[0] === m && v[1] === n && v[2] === k) ? 4 : 3;
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const shape = { m, n, k, transA, transB };
            const A = randomFloats(m * k, next);
            const B = randomFloats(k * n, next);
            const want = referenceMatmul(shape, A, B);
            const got = await gpuMatmul(variant.name, shape, A, B, undefined, pad);
            expect(relativeError(got, want), `${m}x${n}x${k} tA=${transA} tB=${transB}`).toBeLessThan(
              TOLERANCE,
            );
          }
        }
      }
    });
  }

  it('adds the bias row when given one', async () => {
    const shape = { m: 9, n: 6, k: 3, transA: false, transB: false };
    const A = randomFloats(27, next);
    const B = randomFloats(18, next);
    const bias = randomFloats(6, next, 5);
    const want = referenceMatmul(shape, A, B, bias);
    // The bias epilogue is one function shared by every variant: one blocked, the tiled one, and
    // the one that reads its bias flag at run time.
    for (const name of ['matmul_4x8', 'matmul_tiled_64', 'matmul_small']) {
      expect(relativeError(await gpuMatmul(name, shape, A, B, bias), want)).toBeLessThan(TOLERANCE);
    }
  });
});
