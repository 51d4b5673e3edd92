/**
 * The job block: where the calling thread leaves a kernel call for the helper threads, at the
 * bottom of linear memory (every tensor lives above JOB_BYTES). The JS side reads these offsets and
 * the kernel numbers from the module's exports (src/engine/wasm/kernelPool.ts), so they are
 * written once, here.
 *
 *   GEN      i32  bumped once per job; helpers wait on it
 *   DONE     i32  helpers that finished the current job
 *   KERNEL   i32  which kernel (the KERNEL_* numbers below)
 *   THREADS  i32  threads that share the job (slices 0 … THREADS−1; 1 = the caller alone)
 *   QUIT     i32  1: helpers return from thread_main
 *   INTS     i32[32]  integer arguments (dims, byte addresses of tensors)
 *   FLOATS   f64[16]  real arguments (learning rate, L1/L2, …), in f64 as the reference holds them
 */
export const GEN: usize = 0;
export const DONE: usize = 4;
export const KERNEL: usize = 8;
export const THREADS: usize = 12;
export const QUIT: usize = 16;
export const INTS: usize = 64;
export const FLOATS: usize = 192;
export const JOB_BYTES: usize = 1024;

/**
 * Kernel numbers, one per job kind run_job knows. A cell kind's two numbers live in its own file
 * (lstmCell.ts, gruCell.ts, simpleRnnCell.ts), so a new kind does not touch this one; every number
 * in the module differs (src/engine/wasm/kernelNumbers.test.ts). A cell kernel's job runs one step,
 * or every step of its direction when its t is −1 (cellDims.ts).
 */
export const KERNEL_MATMUL: i32 = 1;
export const KERNEL_GATHER_BATCH: i32 = 6;
export const KERNEL_MASK_ROWS: i32 = 7;
export const KERNEL_SUM_ROWS: i32 = 8;
export const KERNEL_DROPOUT_MASK: i32 = 9;
export const KERNEL_SOFTMAX_CROSS_ENTROPY: i32 = 10;
export const KERNEL_MSE_LOSS: i32 = 11;
export const KERNEL_GRAD_NORM_SQ: i32 = 12;
export const KERNEL_GRAD_NORM_TOTAL: i32 = 13;
export const KERNEL_OPTIMIZER_UPDATE: i32 = 14;
export const KERNEL_LAST_HIDDEN: i32 = 17;
export const KERNEL_LAST_HIDDEN_BACKWARD: i32 = 18;
export const KERNEL_GRAD_NORM_STEPS: i32 = 19;

/** The current job's integer, address and real argument in `slot`. */
@inline export function argInt(slot: i32): i32 {
  return load<i32>(INTS + (<usize>slot << 2));
}
@inline export function argPtr(slot: i32): usize {
  return <usize>load<u32>(INTS + (<usize>slot << 2));
}
@inline export function argFloat(slot: i32): f64 {
  return load<f64>(FLOATS + (<usize>slot << 3));
}

/** [begin, end) of slice `index` of `count` over [0, total), cut at multiples of `grain`. */
export function sliceBegin(total: i32, index: i32, count: i32, grain: i32): i32 {
  const units = (total + grain - 1) / grain;
  return min(total, <i32>((<i64>units * index) / count) * grain);
}

export function sliceEnd(total: i32, index: i32, count: i32, grain: i32): i32 {
  return sliceBegin(total, index + 1, count, grain);
}
