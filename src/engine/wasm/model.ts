import type { Task } from '../../data/types';
import type { ModelShape } from '../../model/params';
import { CpuModel } from '../cpu/model';
import type { WasmArena } from './kernelPool';
import type { WasmKernels } from './kernels';

/**
 * The WebAssembly engine's model: the one CPU step (cpu/model.ts) on the SIMD kernels, every
 * buffer (the losses included) an f32 view on the engine's memory, placed by `arena` in the
 * order the step allocates them. `k` null: the model is only counted (the memory plan). The cell
 * kernels run every step of a direction in one job (lstm_sequence_forward, gru_cell_forward_steps,
 * …): each thread owns batch rows for all t, so the threads meet once per layer and direction.
 */
export class WasmLstmModel extends CpuModel<Float32Array, Float32Array> {
  constructor(
    k: WasmKernels | null,
    arena: WasmArena,
    shape: ModelShape,
    task: Task,
    B: number,
    T: number,
    training = true,
  ) {
    const f32 = (n: number) => arena.f32(n);
    super(k, { floats: f32, losses: f32 }, shape, task, B, T, training);
  }
}
