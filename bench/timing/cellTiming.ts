/**
 * Per-dispatch time of each cell's per-timestep kernels (lstm_cell.wgsl, gru_cell.wgsl,
 * simple_rnn_cell.wgsl) at one shape, forward and backward: T dispatches in one submit, `runs`
 * times after a warm-up; ms per dispatch, min and median over the runs, wall clock and the
 * process's CPU time (SwiftShader's threads run in this process: CPU time stays readable when
 * other processes load the machine). A script, not a test:
 *   npx tsx bench/timing/cellTiming.ts [batch] [units] [steps] [runs]
 */
import './rawImports';

const [B, H, T, R] = process.argv.slice(2, 6).map(Number);
const batch = B || 32;
const units = H || 64;
const steps = T || 50;
const runs = R || 7;
const { requestNodeDevice } = await import('../../src/engine/webgpu/nodeDevice');
const { GpuContext } = await import('../../src/engine/webgpu/gpuContext');
const { encodeDispatches } = await import('../../src/engine/webgpu/gpuContext');
const { cellDispatches, timeUniform } = await import('../../src/engine/webgpu/cellKernels');
const { cellDims } = await import('../../src/engine/reference/lstmCell');
const { probeFloats } = await import('../../src/engine/contracts/probe');
type Dispatch = import('../../src/engine/webgpu/gpuContext').Dispatch;
type CellType = import('../../src/model/config').CellType;

const { device, adapterName } = await requestNodeDevice();
const ctx = new GpuContext(device);
const dims = cellDims(batch, units, steps);
const time = timeUniform(ctx, steps);
const n = steps * batch;
const buffersOf = (cell: CellType) => ({
  gates: ctx.storage('gates', n * 4 * units),
  U: { buffer: ctx.storage('U', 4 * units * units), offset: 0 },
  rbias: { buffer: ctx.storage('rbias', 4 * units), offset: 0 },
  c: ctx.storage('c', n * units),
  hrec: ctx.storage('hrec', n * units),
  mrec: ctx.upload('mrec', new Float32Array(batch * units).fill(1)),
  hprev: ctx.storage('hprev', n * units),
  h: ctx.storage('h', n * units),
  dH: ctx.storage('dH', n * units),
  dz: ctx.storage('dz', n * 4 * units),
  dzr: ctx.storage('dzr', n * 4 * units),
  dc: ctx.storage('dc', batch * units),
  probe: ctx.storage('probe', probeFloats(cell, steps, units)),
  dc_steps: ctx.storage('dc steps', n * units),
  dh_steps: ctx.storage('dh steps', n * units),
  hcarry: [ctx.storage('carry even', batch * units), ctx.storage('carry odd', batch * units)] as [
    GPUBuffer,
    GPUBuffer,
  ],
});

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function once(list: Dispatch[]): Promise<[number, number]> {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, list);
  pass.end();
  const [wall, cpu] = [performance.now(), cpuMs()];
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
  return [(performance.now() - wall) / list.length, (cpuMs() - cpu) / list.length];
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const fmt = (xs: number[]) => {
  const s = sorted(xs);
  return `min ${s[0].toFixed(3)} median ${s[Math.floor(s.length / 2)].toFixed(3)}`;
};

console.log(`${adapterName}: B=${batch} H=${units} T=${steps}, ${runs} runs after a warm-up`);
const variant = { forwardRows: 8, backwardRows: 4 };
for (const cell of ['lstm', 'gru', 'simple_rnn'] as const) {
  const bufs = buffersOf(cell);
  for (const backward of [false, true]) {
    const list = cellDispatches(ctx, cell, dims, time, bufs, backward, '', variant);
    await once(list);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      const [w, c] = await once(list);
      wall.push(w);
      cpu.push(c);
    }
    const name = `${cell} ${backward ? 'backward' : 'forward'}`.padEnd(20);
    console.log(`  ${name} ms/dispatch wall ${fmt(wall)} | cpu ${fmt(cpu)}`);
  }
}
ctx.destroy();
process.exit(0);
