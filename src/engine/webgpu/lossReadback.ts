import { createGpuBuffer, destroyGpuBuffer } from './gpuBuffers';

/**
 * Step losses go to a GPU buffer (slot = step mod capacity) and come back through a small ring of
 * staging buffers: a flush copies the written slots into a free staging buffer and starts mapAsync
 * without waiting; takeLosses() awaits the flushes in order. The CPU never waits inside an epoch.
 */
export class LossReadback {
  readonly losses: GPUBuffer;
  private free: GPUBuffer[] = [];
  private readonly all: GPUBuffer[] = [];
  private inFlight: Promise<Float32Array>[] = [];
  private first = 0; // first slot not yet flushed
  private next = 0; // slot of the next step

  constructor(
    private readonly device: GPUDevice,
    readonly capacity: number,
  ) {
    // One slot past the ring: evaluation's loss goes there, never over a step's unread loss.
    this.losses = createGpuBuffer(device, {
      label: 'step losses',
      size: (capacity + 1) * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    // Two staging buffers from the start: a take() can have two flushes in flight (the one when
    // the slots wrap around, and its own), and a ring that grew only when that first happened
    // would hold one more buffer after some hundreds of steps than before (the soak counts them).
    this.free.push(this.newStaging(), this.newStaging());
  }

  get bytes(): number {
    return (this.capacity + 1) * 4 + this.capacity * 4 * this.all.length;
  }

  /** The slot the coming step writes its loss to; flushes first when the buffer is full. */
  nextSlot(): number {
    if (this.next === this.capacity) this.flush();
    return this.next++;
  }

  flush(): void {
    const count = this.next - this.first;
    if (count === 0) return;
    const staging = this.free.pop() ?? this.newStaging();
    const enc = this.device.createCommandEncoder({ label: 'loss readback' });
    enc.copyBufferToBuffer(this.losses, this.first * 4, staging, 0, count * 4);
    this.device.queue.submit([enc.finish()]);
    this.inFlight.push(
      staging.mapAsync(GPUMapMode.READ, 0, count * 4).then(() => {
        const out = new Float32Array(staging.getMappedRange(0, count * 4).slice(0));
        staging.unmap();
        this.free.push(staging);
        return out;
      }),
    );
    this.first = this.next === this.capacity ? 0 : this.next;
    if (this.next === this.capacity) this.next = 0;
  }

  async take(): Promise<Float32Array> {
    this.flush();
    const parts = await Promise.all(this.inFlight);
    this.inFlight = [];
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  destroy(): void {
    destroyGpuBuffer(this.losses);
    for (const b of this.all) destroyGpuBuffer(b);
    this.all.length = 0;
    this.free = [];
  }

  private newStaging(): GPUBuffer {
    const b = createGpuBuffer(this.device, {
      label: 'loss staging',
      size: this.capacity * 4,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    });
    this.all.push(b);
    return b;
  }
}
