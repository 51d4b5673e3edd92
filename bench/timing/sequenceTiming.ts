/**
 * One layer direction's cell over a whole sequence: T per-timestep dispatches (lstm_cell.wgsl,
 * gru_cell.wgsl, simple_rnn_cell.wgsl) against one sequence-fused dispatch (lstm_sequence.wgsl,
 * gru_sequence.wgsl, simple_rnn_sequence.wgsl) of several slice sizes, forward and backward, ms
 * each, median of 5 after a warm-up; each slice also in its persistent variant (U staged in
 * workgroup memory, recurrent_weights_persistent.wgsl) where U fits. A script, not a test:
 *   npx tsx bench/timing/sequenceTiming.ts [batch] [units] [steps] [lstm|gru|simple_rnn] [rows] [threads]
 * rows and threads: comma lists (default 1,2,4,8,16 and 64,128,256), to time fewer slices.
 * Its figures set the defaults autotune.ts uses where it does not time (software adapters).
 */
import './rawImports';

const [B, H, T] = process.argv.slice(2, 5).map(Number);
const batch = B || 32;
const units = H || 64;
const steps = T || 50;
const cell = (process.argv[5] ?? 'lstm') as 'lstm' | 'gru' | 'simple_rnn';
const list = (arg: string | undefined, all: number[]) => (arg ? arg.split(',').map(Number) : all);
const slices = list(process.argv[6], [1, 2, 4, 8, 16]);
const threadCounts = list(process.argv[7], [64, 128, 256]);
const G = { lstm: 4, gru: 3, simple_rnn: 1 }[cell];
const { requestNodeDevice } = await import('../../src/engine/webgpu/nodeDevice');
const { GpuContext } = await import('../../src/engine/webgpu/gpuContext');
const {
  cellDispatches,
  sequenceDispatch,
  maxSequenceRows,
  sequencePersistentFits,
  sequenceName,
  timeUniform,
  DEFAULT_CELL,
} = await import('../../src/engine/webgpu/cellKernels');
const { timeDispatches } = await import('../../src/engine/webgpu/kernelTiming');
const { cellDims } = await import('../../src/engine/reference/lstmCell');

const { device, adapterName } = await requestNodeDevice();
const ctx = new GpuContext(device);
const dims = cellDims(batch, units, steps);
const rows = steps * batch;
const bufs = {
  gates: ctx.storage('gates', rows * G * units),
  U: { buffer: ctx.storage('U', G * units * units), offset: 0 },
  hrec: ctx.storage('hrec', rows * units),
  rbias: { buffer: ctx.storage('rbias', G * units), offset: 0 },
  dzr: ctx.storage('dzr', rows * G * units),
  c: ctx.storage('c', rows * units),
  mrec: ctx.upload('mrec', new Float32Array(batch * units).fill(1)),
  hprev: ctx.storage('hprev', rows * units),
  h: ctx.storage('h', rows * units),
  dH: ctx.storage('dH', rows * units),
  dz: ctx.storage('dz', rows * G * units),
  dc: ctx.storage('dc', batch * units),
  probe: ctx.storage('probe', 10 * steps * units),
  dc_steps: ctx.storage('dc steps', rows * units),
  dh_steps: ctx.storage('dh steps', rows * units),
  hcarry: [ctx.storage('carry even', batch * units), ctx.storage('carry odd', batch * units)] as [
    GPUBuffer,
    GPUBuffer,
  ],
};
const time = timeUniform(ctx, steps);
const bytes = device.limits.maxComputeWorkgroupStorageSize;
console.log(`${adapterName}: ${cell} B=${batch} H=${units} T=${steps}, workgroup memory ${bytes} bytes`);
const variant = cell === 'lstm' ? { forwardRows: 8, backwardRows: 4 } : DEFAULT_CELL;
for (const backward of [false, true]) {
  const per = await timeDispatches(
    device,
    cellDispatches(ctx, cell, dims, time, bufs, backward, '', variant),
    5,
  );
  console.log(
    `  per-timestep ${backward ? 'backward' : 'forward '}: ${per.toFixed(2)} ms (${steps} dispatches)`,
  );
  const most = Math.min(batch, maxSequenceRows(units, bytes));
  for (const rows of slices.filter((x) => x <= batch)) {
    for (const threads of threadCounts) {
      const fits = sequencePersistentFits(cell, backward, units, rows, bytes);
      const variants = [
        ...(rows <= most ? [{ rows, threads }] : []),
        ...(fits ? [{ rows, threads, persistent: true }] : []),
      ];
      for (const v of variants) {
        const d = sequenceDispatch(ctx, cell, dims, bufs, backward, v);
        const ms = await timeDispatches(device, [d], 5);
        console.log(`  fused ${backward ? 'backward' : 'forward '} ${sequenceName(v)}: ${ms.toFixed(2)} ms`);
      }
    }
  }
}
ctx.destroy();
process.exit(0);
