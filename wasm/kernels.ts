/**
 * The WebAssembly engine's module: every kernel, and the job loop that lets several threads share
 * one kernel call (src/engine/wasm/kernelPool.ts is the JS side). Built by scripts/buildWasm.mjs
 * with AssemblyScript into wasm/build/: kernels.wasm (one thread, its own memory) and
 * kernels-threads.wasm (imported shared memory, for threads), and the same two with relaxed SIMD
 * (kernels-relaxed.wasm, kernels-threads-relaxed.wasm: madd.ts fuses the multiply-adds), which
 * the JS side loads where the runtime validates them (src/engine/wasm/simdBuild.ts).
 *
 * A call: the caller writes the kernel number and its arguments into the job block (abi.ts), and
 * either runs run_job(0, 1) alone or, with helpers, bumps GEN, wakes them, runs run_job(0, n)
 * itself and waits in join until every helper is DONE. Helper i runs run_job(i, n) in thread_main.
 */
import {
  argFloat,
  argInt,
  argPtr,
  DONE,
  GEN,
  KERNEL,
  KERNEL_DROPOUT_MASK,
  KERNEL_GATHER_BATCH,
  KERNEL_GRAD_NORM_SQ,
  KERNEL_GRAD_NORM_STEPS,
  KERNEL_GRAD_NORM_TOTAL,
  KERNEL_LAST_HIDDEN,
  KERNEL_LAST_HIDDEN_BACKWARD,
  KERNEL_MASK_ROWS,
  KERNEL_MATMUL,
  KERNEL_MSE_LOSS,
  KERNEL_OPTIMIZER_UPDATE,
  KERNEL_SOFTMAX_CROSS_ENTROPY,
  KERNEL_SUM_ROWS,
  QUIT,
  THREADS,
} from './abi';
import {
  attentionJob,
  KERNEL_ADDITIVE_ATTENTION_BACKWARD_STATES,
  KERNEL_ADDITIVE_ATTENTION_BACKWARD_WEIGHTS,
  KERNEL_ADDITIVE_ATTENTION_FORWARD,
  KERNEL_DOT_ATTENTION_BACKWARD_STATES,
  KERNEL_DOT_ATTENTION_BACKWARD_WEIGHTS,
  KERNEL_DOT_ATTENTION_FORWARD,
  KERNEL_ATTENTION_PADDING_MASK,
} from './attention';
import { gatherBatchJob, lastHiddenJob, maskRowsJob, sumRowsJob } from './batchOps';
import {
  attentionalHiddenJob,
  decoderJob,
  KERNEL_ATTENTIONAL_HIDDEN,
  KERNEL_ATTENTIONAL_HIDDEN_BACKWARD,
  KERNEL_GREEDY_TOKENS,
  KERNEL_LUONG_ATTENTION_BACKWARD_QUERIES,
  KERNEL_LUONG_ATTENTION_BACKWARD_STATES,
  KERNEL_LUONG_ATTENTION_FORWARD,
  KERNEL_TEACHER_FORCING,
} from './seq2seq';
import { gradNormStepsJob } from './gradNorms';
import { dropoutMaskJob } from './dropout';
import { gruCellBackwardJob, gruCellForwardJob, KERNEL_GRU_CELL_BACKWARD, KERNEL_GRU_CELL_FORWARD } from './gruCell';
import { lossJob } from './loss';
import { KERNEL_LSTM_CELL_BACKWARD, KERNEL_LSTM_CELL_FORWARD, lstmCellBackwardJob, lstmCellForwardJob } from './lstmCell';
import { matmulJob } from './matmul';
import { grad_norm_total, gradNormSqJob, optimizerUpdateJob } from './optimizer';
import { KERNEL_SIMPLE_RNN_CELL_BACKWARD, KERNEL_SIMPLE_RNN_CELL_FORWARD, simpleRnnCellBackwardJob, simpleRnnCellForwardJob } from './simpleRnnCell';

export {
  DONE,
  FLOATS,
  GEN,
  INTS,
  JOB_BYTES,
  KERNEL,
  KERNEL_DROPOUT_MASK,
  KERNEL_GATHER_BATCH,
  KERNEL_GRAD_NORM_SQ,
  KERNEL_GRAD_NORM_STEPS,
  KERNEL_GRAD_NORM_TOTAL,
  KERNEL_LAST_HIDDEN,
  KERNEL_LAST_HIDDEN_BACKWARD,
  KERNEL_MASK_ROWS,
  KERNEL_MATMUL,
  KERNEL_MSE_LOSS,
  KERNEL_OPTIMIZER_UPDATE,
  KERNEL_SOFTMAX_CROSS_ENTROPY,
  KERNEL_SUM_ROWS,
  QUIT,
  THREADS,
} from './abi';
export {
  KERNEL_ADDITIVE_ATTENTION_BACKWARD_STATES,
  KERNEL_ADDITIVE_ATTENTION_BACKWARD_WEIGHTS,
  KERNEL_ADDITIVE_ATTENTION_FORWARD,
  KERNEL_DOT_ATTENTION_BACKWARD_STATES,
  KERNEL_DOT_ATTENTION_BACKWARD_WEIGHTS,
  KERNEL_DOT_ATTENTION_FORWARD,
  KERNEL_ATTENTION_PADDING_MASK,
} from './attention';
export { KERNEL_GRU_CELL_BACKWARD, KERNEL_GRU_CELL_FORWARD } from './gruCell';
export { KERNEL_LSTM_CELL_BACKWARD, KERNEL_LSTM_CELL_FORWARD } from './lstmCell';
export { ADAM, MOMENTUM, RMSPROP, SGD } from './optimizer';
export { KERNEL_SIMPLE_RNN_CELL_BACKWARD, KERNEL_SIMPLE_RNN_CELL_FORWARD } from './simpleRnnCell';
export {
  KERNEL_ATTENTIONAL_HIDDEN,
  KERNEL_ATTENTIONAL_HIDDEN_BACKWARD,
  KERNEL_GREEDY_TOKENS,
  KERNEL_LUONG_ATTENTION_BACKWARD_QUERIES,
  KERNEL_LUONG_ATTENTION_BACKWARD_STATES,
  KERNEL_LUONG_ATTENTION_FORWARD,
  KERNEL_TEACHER_FORCING,
} from './seq2seq';

/** Slice `index` of `count` of the job in the job block. */
export function run_job(index: i32, count: i32): void {
  switch (load<i32>(KERNEL)) {
    case KERNEL_MATMUL:
      matmulJob(index, count);
      break;
    case KERNEL_LSTM_CELL_FORWARD:
      lstmCellForwardJob(index, count);
      break;
    case KERNEL_LSTM_CELL_BACKWARD:
      lstmCellBackwardJob(index, count);
      break;
    case KERNEL_GRU_CELL_FORWARD:
      gruCellForwardJob(index, count);
      break;
    case KERNEL_GRU_CELL_BACKWARD:
      gruCellBackwardJob(index, count);
      break;
    case KERNEL_SIMPLE_RNN_CELL_FORWARD:
      simpleRnnCellForwardJob(index, count);
      break;
    case KERNEL_SIMPLE_RNN_CELL_BACKWARD:
      simpleRnnCellBackwardJob(index, count);
      break;
    case KERNEL_GATHER_BATCH:
      gatherBatchJob(index, count);
      break;
    case KERNEL_MASK_ROWS:
      maskRowsJob(index, count);
      break;
    case KERNEL_SUM_ROWS:
      sumRowsJob(index, count);
      break;
    case KERNEL_LAST_HIDDEN:
      if (index == 0) lastHiddenJob(false);
      break;
    case KERNEL_LAST_HIDDEN_BACKWARD:
      if (index == 0) lastHiddenJob(true);
      break;
    case KERNEL_DROPOUT_MASK:
      dropoutMaskJob(index, count, <f32>argFloat(0));
      break;
    case KERNEL_SOFTMAX_CROSS_ENTROPY:
      if (index == 0) lossJob(true);
      break;
    case KERNEL_MSE_LOSS:
      if (index == 0) lossJob(false);
      break;
    case KERNEL_GRAD_NORM_SQ:
      gradNormSqJob(index, count);
      break;
    case KERNEL_GRAD_NORM_TOTAL:
      if (index == 0) grad_norm_total(argInt(1), argPtr(6));
      break;
    case KERNEL_GRAD_NORM_STEPS:
      gradNormStepsJob(index, count);
      break;
    case KERNEL_OPTIMIZER_UPDATE:
      optimizerUpdateJob(index, count);
      break;
    case KERNEL_ADDITIVE_ATTENTION_FORWARD:
    case KERNEL_DOT_ATTENTION_FORWARD:
    case KERNEL_ADDITIVE_ATTENTION_BACKWARD_STATES:
    case KERNEL_ADDITIVE_ATTENTION_BACKWARD_WEIGHTS:
    case KERNEL_DOT_ATTENTION_BACKWARD_STATES:
    case KERNEL_DOT_ATTENTION_BACKWARD_WEIGHTS:
    case KERNEL_ATTENTION_PADDING_MASK:
      attentionJob(load<i32>(KERNEL), index, count);
      break;
    case KERNEL_TEACHER_FORCING:
    case KERNEL_GREEDY_TOKENS:
    case KERNEL_LUONG_ATTENTION_FORWARD:
    case KERNEL_LUONG_ATTENTION_BACKWARD_QUERIES:
    case KERNEL_LUONG_ATTENTION_BACKWARD_STATES:
      decoderJob(load<i32>(KERNEL), index, count);
      break;
    case KERNEL_ATTENTIONAL_HIDDEN:
    case KERNEL_ATTENTIONAL_HIDDEN_BACKWARD:
      attentionalHiddenJob(load<i32>(KERNEL), index, count);
      break;
    default:
      unreachable();
  }
}

/**
 * Polls before sleeping: inside a training step jobs follow each other within microseconds, and a
 * helper that is still awake takes the next one without the cost of a wake-up.
 */
const SPINS: i32 = 20000;

/**
 * A helper thread's life: wait for a job, run slice `index` of it, count DONE; until QUIT.
 * `seen` is GEN when the caller started this thread: a job posted before this instance got here
 * is still one it has not seen.
 */
export function thread_main(index: i32, seen: i32): void {
  while (true) {
    let spins = 0;
    while (atomic.load<i32>(GEN) == seen) {
      if (++spins > SPINS) {
        atomic.wait<i32>(GEN, seen, -1);
        spins = 0;
      }
    }
    seen = atomic.load<i32>(GEN);
    if (atomic.load<i32>(QUIT) != 0) return;
    const count = atomic.load<i32>(THREADS);
    if (index < count) run_job(index, count);
    atomic.add<i32>(DONE, 1);
    atomic.notify(DONE, 1);
  }
}

/**
 * The caller's side of a shared job, before it runs its own slice: post it to `count − 1` helpers.
 * The wake-up is sent from here, not from JS's Atomics.notify: in Node 20 a JS notify did not wake
 * a helper asleep in memory.atomic.wait32 (measured: the job hung until the helper's next poll).
 */
export function fork(count: i32): void {
  atomic.store<i32>(THREADS, count);
  atomic.store<i32>(DONE, 0);
  atomic.add<i32>(GEN, 1);
  atomic.notify(GEN, -1);
}

/** Ends every helper's thread_main. */
export function quit(): void {
  atomic.store<i32>(QUIT, 1);
  atomic.add<i32>(GEN, 1);
  atomic.notify(GEN, -1);
}

/**
 * The caller's side of a shared job, after it ran its own slice: wait until `helpers` helpers are
 * DONE. `canBlock` is false where the thread may not sleep (a browser page's main thread): it polls.
 */
export function join(helpers: i32, canBlock: bool): void {
  let spins = 0;
  while (true) {
    const done = atomic.load<i32>(DONE);
    if (done >= helpers) return;
    if (canBlock && ++spins > SPINS) {
      atomic.wait<i32>(DONE, done, 1000000); // 1 ms at most: a lost wake-up only costs that
      spins = 0;
    }
  }
}
