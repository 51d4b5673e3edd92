import './rawImports';

const { requestNodeDevice } = await import('./nodeDevice');
const { GpuContext } = await import('./gpuContext');
const { lstmCellDispatches } = await import('./kernels');
const { timeDispatchGroups } = await import('./kernelTiming');
const { device } = await requestNodeDevice();
for (const H of [8, 32, 64, 128])
  for (const B of [32]) {
    const T = 20;
    const ctx = new GpuContext(device);
    const timeStride = device.limits.minUniformBufferOffsetAlignment;
    const times = new Uint32Array((T * timeStride) / 4);
    for (let t = 0; t < T; t++) times[(t * timeStride) / 4] = t;
    const bufs = {
      time: ctx.uniform('t', times),
      timeStride,
      gates: ctx.storage('g', T * B * 4 * H),
      recurrent: { buffer: ctx.storage('U', 4 * H * H), offset: 0 },
      hprev: ctx.storage('hp', T * B * H),
      h: ctx.storage('h', T * B * H),
      c: ctx.storage('c', T * B * H),
      recMask: ctx.storage('m', B * H),
      dH: ctx.storage('dH', T * B * H),
      dz: ctx.storage('dz', T * B * 4 * H),
      dc: ctx.storage('dc', B * H),
    };
    for (const [f, b] of [
      [2, 1],
      [4, 2],
      [8, 4],
    ]) {
      const v = { forwardRows: f, backwardRows: b };
      const fw = lstmCellDispatches(ctx, { batch: B, units: H, steps: T }, bufs, false, 'f', v);
      const bw = lstmCellDispatches(ctx, { batch: B, units: H, steps: T }, bufs, true, 'b', v);
      const r = async (d: typeof fw, m: 'cpu' | 'timestamp-query') =>
        (((await timeDispatchGroups(device, d, 3, m)).groups[0].ms / T) * 1000).toFixed(0);
      console.log(
        `H=${H} B=${B} rows ${f}/${b}: fwd ${await r(fw, 'timestamp-query')} µs wall ${await r(fw, 'cpu')} cpu; bwd ${await r(bw, 'timestamp-query')} wall ${await r(bw, 'cpu')} cpu`,
      );
    }
    ctx.destroy();
  }
process.exit(0);
