import matmulSource from '../../../shaders/matmul.wgsl?raw';
import type { Dispatch, GpuContext, KernelSpec, TensorRef } from './gpuContext';

/**
 * The matmul variants the autotuner chooses from, and the dispatch of one GEMM call site.
 * Register-blocked variants (TM×TN outputs per thread, no workgroup memory) win on SwiftShader;
 * the workgroup-tiled one is there for real GPUs. All give the same result (tested).
 */
export interface MatmulVariant {
  name: string;
  /** The entry point in shaders/matmul.wgsl. */
  entry: string;
  tm: number;
  tn: number;
  wgX: number;
  wgY: number;
  /** Transposes and bias read at run time: one pipeline for every GEMM it runs (small ones). */
  runtimeFlags?: boolean;
}

export const MATMUL_VARIANTS: MatmulVariant[] = [
  { name: 'matmul_4x4', entry: 'matmul_4x4', tm: 4, tn: 4, wgX: 8, wgY: 8 },
  { name: 'matmul_4x8', entry: 'matmul_4x8', tm: 4, tn: 8, wgX: 8, wgY: 8 },
  { name: 'matmul_8x8', entry: 'matmul_8x8', tm: 8, tn: 8, wgX: 8, wgY: 8 },
  { name: 'matmul_tiled_64', entry: 'matmul_tiled', tm: 4, tn: 4, wgX: 16, wgY: 16 },
  { name: 'matmul_small', entry: 'matmul_4x4', tm: 4, tn: 4, wgX: 8, wgY: 8, runtimeFlags: true },
];

export function matmulVariant(name: string): MatmulVariant {
  const v = MATMUL_VARIANTS.find((x) => x.name === name);
  if (!v) throw new Error(`unknown matmul variant ${name}`);
  return v;
}

/** C[m, n] = op(A)[m, k] · op(B)[k, n] (+ bias[n]), as in reference/matmul.ts (never accumulating). */
export interface MatmulShape {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  /** The call site adds a bias row (only tells the autotuner which pipeline to time). */
  bias?: boolean;
}

export interface MatmulOperands {
  a: TensorRef;
  b: TensorRef;
  c: TensorRef;
  bias?: TensorRef;
}

/** The pipeline a call site needs (for compileKernels ahead of use). */
export function matmulKernelSpec(
  variant: MatmulVariant,
  shape: MatmulShape,
  aOffset: number,
  bOffset: number,
  bias: boolean,
  cOffset = 0,
): KernelSpec {
  const { m, n, k, transA, transB } = shape;
  if (variant.runtimeFlags) {
    const constants = { WG_X: variant.wgX, WG_Y: variant.wgY, TILE: 4 * variant.wgX, BK: 16 };
    return {
      source: matmulSource,
      entryPoint: variant.entry,
      constants: {
        ...constants,
        TRANS_A: false,
        TRANS_B: false,
        BIAS: false,
        VEC_A: false,
        VEC_B: false,
        VEC_C: false,
        RUNTIME_FLAGS: true,
      },
      bindings: ['uniform', 'read', 'read', 'rw', 'read', 'read', 'read'],
    };
  }
  return {
    source: matmulSource,
    entryPoint: variant.entry,
    constants: {
      WG_X: variant.wgX,
      WG_Y: variant.wgY,
      TILE: 4 * variant.wgX,
      BK: 16,
      TRANS_A: transA,
      TRANS_B: transB,
      BIAS: bias,
      // vec4f loads need 16-byte-aligned rows: the tensor's offset and its row stride.
      VEC_A: aOffset % 4 === 0 && (transA ? m : k) % 4 === 0,
      VEC_B: bOffset % 4 === 0 && (transB ? k : n) % 4 === 0,
      VEC_C: cOffset % 4 === 0 && n % 4 === 0,
      RUNTIME_FLAGS: false,
    },
    bindings: ['uniform', 'read', 'read', 'rw', 'read', 'read', 'read'],
  };
}

export function matmulDispatch(
  ctx: GpuContext,
  variant: MatmulVariant,
  shape: MatmulShape,
  ops: MatmulOperands,
  label = 'matmul',
): Dispatch {
  const { m, n, k } = shape;
  const tile = 4 * variant.wgX;
  const spec = matmulKernelSpec(
    variant,
    shape,
    ops.a.offset,
    ops.b.offset,
    ops.bias !== undefined,
    ops.c.offset,
  );
  const kernel = ctx.kernel(spec.source, spec.entryPoint, spec.constants, spec.bindings);
  const bias = ops.bias ?? ops.b;
  const flags = (shape.transA ? 1 : 0) | (shape.transB ? 2 : 0) | (ops.bias ? 4 : 0);
  const dims = new Uint32Array([m, n, k, ops.a.offset, ops.b.offset, ops.c.offset, bias.offset, flags]);
  const uniform = ctx.uniform(`${label} dims`, dims);
  const bindGroup = ctx.bind(kernel, [
    uniform,
    ops.a.buffer,
    ops.b.buffer,
    ops.c.buffer,
    bias.buffer,
    ops.a.buffer,
    ops.b.buffer,
  ]);
  const workgroups: [number, number] =
    variant.entry === 'matmul_tiled'
      ? [Math.ceil(n / tile), Math.ceil(m / tile)]
      : [Math.ceil(n / (variant.tn * variant.wgX)), Math.ceil(m / (variant.tm * variant.wgY))];
  return { kernel, bindGroup, workgroups, label };
}
