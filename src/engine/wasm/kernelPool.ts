import type { WasmPlatform, WasmThread } from './platform';

/**
 * One instance of the kernels module (wasm/kernels.ts) on one linear memory, and the helper threads
 * that share it. A kernel call writes its number and arguments into the job block at the bottom of
 * memory (wasm/abi.ts: the offsets are read from the module's exports), then runs on this thread
 * alone, or wakes the helpers, runs slice 0 itself and waits until they are done. Every tensor is a
 * typed-array view on the same memory, allocated once (WasmArena), so a kernel never copies.
 */

/** The module's exports this side uses (wasm/kernels.ts, wasm/abi.ts). */
interface KernelExports {
  run_job(index: number, count: number): void;
  fork(count: number): void;
  join(helpers: number, canBlock: number): void;
  quit(): void;
  [name: string]: unknown;
}

/** Every tensor starts on a 64-byte boundary (a cache line; v128 loads never straddle one needlessly). */
const ALIGN = 64;

/** The imports every instance of the module gets: its memory, and exp/log/tanh from this Math. */
export const kernelImports = (memory: WebAssembly.Memory): WebAssembly.Imports => ({
  env: { memory, 'Math.exp': Math.exp, 'Math.log': Math.log, 'Math.tanh': Math.tanh },
});

/** The job block's page: tensors start at the second 64 KiB page of memory. */
const FIRST_TENSOR = 65536;

/**
 * Allocates views on a memory, bump-pointer, from `start` up to `end`; or, without a memory, only
 * counts the bytes (a plan: the engine allocates twice, counting first, then for real).
 */
export class WasmArena {
  private next: number;
  constructor(
    private readonly memory: WebAssembly.Memory | null,
    private readonly start: number,
    private readonly end = memory ? memory.buffer.byteLength : Number.POSITIVE_INFINITY,
  ) {
    this.next = start;
  }

  /** Bytes from the start to the end of the last allocation. */
  get bytes(): number {
    return this.next - this.start;
  }

  /**
   * A second arena over this one's space from `bytes` on: what was allocated there is given up
   * and its memory reused (an evaluation model of another batch size takes the old one's place).
   */
  from(bytes: number): WasmArena {
    return new WasmArena(this.memory, this.start + bytes, this.end);
  }

  /** Frees everything allocated since `bytes` was read (tests reuse one pool this way). */
  reset(bytes: number): void {
    this.next = this.start + bytes;
  }

  private take(bytes: number): number {
    const at = this.next;
    this.next = Math.ceil((at + bytes) / ALIGN) * ALIGN;
    if (this.memory && this.next > this.memory.buffer.byteLength) {
      throw new Error(
        `WebAssembly memory plan exceeded: ${this.next} > ${this.memory.buffer.byteLength} bytes`,
      );
    }
    return at;
  }

  f32(n: number): Float32Array {
    const at = this.take(4 * n);
    return this.memory ? new Float32Array(this.memory.buffer, at, n) : new Float32Array(0);
  }

  f64(n: number): Float64Array {
    const at = this.take(8 * n);
    return this.memory ? new Float64Array(this.memory.buffer, at, n) : new Float64Array(0);
  }

  u32(n: number): Uint32Array {
    const at = this.take(4 * n);
    return this.memory ? new Uint32Array(this.memory.buffer, at, n) : new Uint32Array(0);
  }
}

export class KernelPool {
  /** Kernel numbers by name (KERNEL_MATMUL → 'MATMUL'), and the optimizers' (SGD, ADAM, …). */
  readonly kernel: Record<string, number> = {};
  readonly constant: Record<string, number> = {};
  readonly arena: WasmArena;
  private readonly exports: KernelExports;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly kernelSlot: number;
  private readonly threadsSlot: number;
  private readonly ints: number;
  private readonly floats: number;
  private disposed = false;

  private constructor(
    readonly memory: WebAssembly.Memory,
    instance: WebAssembly.Instance,
    private readonly helpers: WasmThread[],
    private readonly canBlock: boolean,
  ) {
    this.exports = instance.exports as unknown as KernelExports;
    const value = (name: string) => (this.exports[name] as WebAssembly.Global).value as number;
    for (const name of Object.keys(this.exports)) {
      if (name.startsWith('KERNEL_')) this.kernel[name.slice('KERNEL_'.length)] = value(name);
      else if (this.exports[name] instanceof WebAssembly.Global) this.constant[name] = value(name);
    }
    this.i32 = new Int32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer, 0, value('JOB_BYTES') / 8);
    this.kernelSlot = value('KERNEL') / 4;
    this.threadsSlot = value('THREADS') / 4;
    this.ints = value('INTS') / 4;
    this.floats = value('FLOATS') / 8;
    if (value('JOB_BYTES') > FIRST_TENSOR) throw new Error('the job block overlaps the first tensor');
    this.arena = new WasmArena(memory, FIRST_TENSOR);
  }

  /**
   * A memory with room for `tensorBytes` of tensors above the job block's page, the module on it,
   * and `threads − 1` helpers when threads > 1.
   */
  static async create(platform: WasmPlatform, tensorBytes: number, threads: number): Promise<KernelPool> {
    const shared = threads > 1;
    const pages = Math.ceil((FIRST_TENSOR + tensorBytes) / 65536);
    const memory = new WebAssembly.Memory(
      shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages },
    );
    const module = await platform.loadModule(shared ? 'threads' : 'single');
    const instance = await WebAssembly.instantiate(module, kernelImports(memory));
    const gen = Atomics.load(new Int32Array(memory.buffer), 0);
    const helpers: WasmThread[] = [];
    try {
      for (let i = 1; i < threads; i++) helpers.push(await platform.startThread(module, memory, i, gen));
    } catch (error) {
      for (const h of helpers) h.terminate();
      throw error;
    }
    return new KernelPool(memory, instance, helpers, platform.canBlock);
  }

  /** Threads that share a parallel job: this one and its helpers. */
  get threads(): number {
    return this.helpers.length + 1;
  }

  /** The byte address a kernel reads for element `offset` of a view on this memory. */
  address(view: Float32Array | Float64Array | Uint32Array, offset = 0): number {
    if (view.buffer !== this.memory.buffer)
      throw new Error('a tensor outside this engine’s WebAssembly memory');
    return view.byteOffset + offset * view.BYTES_PER_ELEMENT;
  }

  /**
   * Runs kernel `name` with these arguments: on this thread alone, or split over every thread when
   * `parallel` (the kernel's slices decide who does what; wasm/kernels.ts run_job).
   */
  run(name: string, ints: readonly number[], floats: readonly number[] = [], parallel = true): void {
    if (this.disposed) throw new Error('the WebAssembly engine was disposed');
    const { i32 } = this;
    i32[this.kernelSlot] = this.kernel[name];
    for (let i = 0; i < ints.length; i++) i32[this.ints + i] = ints[i];
    for (let i = 0; i < floats.length; i++) this.f64[this.floats + i] = floats[i];
    const helpers = this.helpers.length;
    if (!parallel || helpers === 0) {
      i32[this.threadsSlot] = 1;
      this.exports.run_job(0, 1);
      return;
    }
    this.exports.fork(helpers + 1);
    this.exports.run_job(0, helpers + 1);
    this.exports.join(helpers, this.canBlock ? 1 : 0);
  }

  /** Stops the helpers (QUIT, then a last wake-up) and lets the memory go. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.helpers.length > 0) {
      this.exports.quit();
      for (const h of this.helpers) h.terminate();
    }
  }
}
