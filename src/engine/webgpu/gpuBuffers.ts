/**
 * The one place GPU buffers are made and destroyed, so that the live ones can be counted: a long
 * run must hold a flat number of buffers after its first epoch, and a reset must give back every
 * buffer of the old run (the soak tests and the e2e read these counts). A buffer is live from
 * createGpuBuffer until destroyGpuBuffer; destroying it twice counts once.
 */
const liveByDevice = new Map<GPUDevice, Set<GPUBuffer>>();

export function createGpuBuffer(device: GPUDevice, descriptor: GPUBufferDescriptor): GPUBuffer {
  const buffer = device.createBuffer(descriptor);
  let live = liveByDevice.get(device);
  if (!live) liveByDevice.set(device, (live = new Set()));
  live.add(buffer);
  return buffer;
}

export function destroyGpuBuffer(buffer: GPUBuffer): void {
  buffer.destroy();
  for (const [device, live] of liveByDevice) {
    if (!live.delete(buffer)) continue;
    if (live.size === 0) liveByDevice.delete(device);
    return;
  }
}

/** Buffers made and not yet destroyed: on one device, or on every device of this thread. */
export function liveGpuBufferCount(device?: GPUDevice): number {
  if (device) return liveByDevice.get(device)?.size ?? 0;
  let total = 0;
  for (const live of liveByDevice.values()) total += live.size;
  return total;
}
