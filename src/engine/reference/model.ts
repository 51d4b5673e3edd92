import type { Task } from '../../data/types';
import type { ModelShape } from '../../model/params';
import { CpuModel } from '../cpu/model';
import { referenceKernels } from './kernels';
import { allocFloat64, type Floats } from './types';

export type { DropoutMasks } from '../cpu/model';

/**
 * The reference engine's model: the one CPU step (cpu/model.ts: stacked LSTM, GRU or SimpleRNN
 * layers, each optionally Bidirectional, and a Dense head) on the plain-TS twins of the WGSL
 * kernels (reference/kernels.ts). `alloc` makes its arrays: Float32Array in the engine,
 * Float64Array in the gradient check; row losses are kept in f64 (the kernels keep f32).
 */
export class LstmModel<A extends Floats = Float32Array> extends CpuModel<A, Float64Array> {
  constructor(shape: ModelShape, task: Task, B: number, T: number, alloc: (n: number) => A, training = true) {
    super(referenceKernels, { floats: alloc, losses: allocFloat64 }, shape, task, B, T, training);
  }
}
