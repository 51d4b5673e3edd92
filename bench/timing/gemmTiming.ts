/**
 * GFLOP/s of each matmul variant on a 512³ GEMM (C = A·B, and the transposed forms the step uses),
 * wall and process CPU time. A script, not a test: npx tsx bench/timing/gemmTiming.ts [size]
 */
import './rawImports';

const size = Number(process.argv[2] ?? 512);
const { requestNodeDevice } = await import('../../src/engine/webgpu/nodeDevice');
const { GpuContext } = await import('../../src/engine/webgpu/gpuContext');
const { MATMUL_VARIANTS, matmulDispatch } = await import('../../src/engine/webgpu/matmulKernel');
const { timeDispatchGroups } = await import('../../src/engine/webgpu/kernelTiming');
const { device } = await requestNodeDevice();
const ctx = new GpuContext(device);
const fill = new Float32Array(size * size).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
const ops = {
  a: { buffer: ctx.upload('A', fill), offset: 0 },
  b: { buffer: ctx.upload('B', fill), offset: 0 },
  c: { buffer: ctx.storage('C', size * size), offset: 0 },
};
const gflop = (2 * size ** 3) / 1e9;
for (const [transA, transB] of [
  [false, false],
  [true, false],
  [false, true],
]) {
  for (const variant of MATMUL_VARIANTS.filter((v) => !process.env.ONLY || v.name === process.env.ONLY)) {
    const d = matmulDispatch(ctx, variant, { m: size, n: size, k: size, transA, transB }, ops);
    const rate = async (method: 'timestamp-query' | 'cpu') =>
      gflop / ((await timeDispatchGroups(device, [d], 2, method)).groups[0].ms / 1000);
    const wall = await rate('timestamp-query');
    const cpu = await rate('cpu');
    console.log(
      `${variant.name.padEnd(16)} transA=${+transA} transB=${+transB}: ${wall.toFixed(2)} GFLOP/s wall, ` +
        `${cpu.toFixed(2)} per CPU-second`,
    );
  }
}
ctx.destroy();
process.exit(0);
