import { createGpuBuffer, destroyGpuBuffer } from './gpuBuffers';
import { type Dispatch, encodeDispatches } from './gpuContext';

/**
 * Where a step's time goes: consecutive dispatches with the same label (a GEMM role, `cell
 * forward` over all its timesteps, an entry point) form a group, each group runs in its own
 * compute pass, and the pass is timed with timestamp queries where the device has them (it does on
 * SwiftShader), else by a submit and onSubmittedWorkDone per group (adds ~0.05 ms a group).
 */
export interface GroupTime {
  label: string;
  /** Dispatches the label holds in one step (e.g. T for a cell direction). */
  dispatches: number;
  /** Median over the runs, summed over the label's groups: ms per step. */
  ms: number;
}

const keyOf = (d: Dispatch) => d.label ?? d.kernel.name;

function groupsOf(dispatches: Dispatch[]): { label: string; list: Dispatch[] }[] {
  const groups: { label: string; list: Dispatch[] }[] = [];
  for (const d of dispatches) {
    const last = groups.at(-1);
    if (last && last.label === keyOf(d)) last.list.push(d);
    else groups.push({ label: keyOf(d), list: [d] });
  }
  return groups;
}

async function timestampRun(device: GPUDevice, groups: { list: Dispatch[] }[]): Promise<number[]> {
  const count = groups.length * 2;
  const querySet = device.createQuerySet({ type: 'timestamp', count });
  const resolve = createGpuBuffer(device, {
    size: count * 8,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const read = createGpuBuffer(device, {
    size: count * 8,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const enc = device.createCommandEncoder();
  groups.forEach((g, i) => {
    const pass = enc.beginComputePass({
      timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 },
    });
    encodeDispatches(pass, g.list);
    pass.end();
  });
  enc.resolveQuerySet(querySet, 0, count, resolve, 0);
  enc.copyBufferToBuffer(resolve, 0, read, 0, count * 8);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const ns = new BigUint64Array(read.getMappedRange().slice(0));
  read.unmap();
  for (const b of [resolve, read]) destroyGpuBuffer(b);
  querySet.destroy();
  return groups.map((_, i) => Number(ns[2 * i + 1] - ns[2 * i]) / 1e6);
}

// Node: SwiftShader's worker threads run inside this process, so its CPU time is the work done,
// which stays readable when other processes load the machine and wall time is noise.
const cpuMs = (): number | null => {
  if (typeof process === 'undefined' || !process.cpuUsage) return null;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Per group: wall ms around a submit and onSubmittedWorkDone, or process CPU ms where `cpu`. */
async function submitRun(device: GPUDevice, groups: { list: Dispatch[] }[], cpu: boolean): Promise<number[]> {
  const out: number[] = [];
  for (const g of groups) {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    encodeDispatches(pass, g.list);
    pass.end();
    const start = cpu ? (cpuMs() ?? 0) : performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    out.push((cpu ? (cpuMs() ?? 0) : performance.now()) - start);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the list `runs` times (after one warm-up) and returns per-label medians, slowest first. */
export type TimingMethod = 'timestamp-query' | 'submit' | 'cpu';

export async function timeDispatchGroups(
  device: GPUDevice,
  dispatches: Dispatch[],
  runs = 3,
  want: TimingMethod = 'timestamp-query',
): Promise<{ groups: GroupTime[]; method: TimingMethod }> {
  const groups = groupsOf(dispatches);
  let method = want;
  if (method === 'timestamp-query' && !device.features.has('timestamp-query')) method = 'submit';
  if (method === 'cpu' && cpuMs() === null) method = 'submit';
  const once = () =>
    method === 'timestamp-query' ? timestampRun(device, groups) : submitRun(device, groups, method === 'cpu');
  await once();
  const samples: number[][] = [];
  for (let r = 0; r < runs; r++) samples.push(await once());
  const byLabel = new Map<string, GroupTime>();
  groups.forEach((g, i) => {
    const ms = median(samples.map((s) => s[i]));
    const prev = byLabel.get(g.label) ?? { label: g.label, dispatches: 0, ms: 0 };
    byLabel.set(g.label, { label: g.label, dispatches: prev.dispatches + g.list.length, ms: prev.ms + ms });
  });
  const out = [...byLabel.values()].sort((a, b) => b.ms - a.ms);
  return { groups: out, method };
}

/** ms of `reps` rounds of the list in one submit: the best of two runs after a warm-up. */
export async function timeDispatches(
  device: GPUDevice,
  dispatches: Dispatch[],
  reps: number,
): Promise<number> {
  const run = async () => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (let r = 0; r < reps; r++) encodeDispatches(pass, dispatches);
    pass.end();
    const start = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - start;
  };
  await run(); // warm-up: the first run pays for pipeline compilation inside the driver
  return Math.min(await run(), await run());
}
