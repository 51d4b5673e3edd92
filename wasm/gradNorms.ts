import { argInt, argPtr, sliceBegin, sliceEnd } from './abi';

/**
 * grad_norm_steps: the twin of the function of the same name in src/engine/reference/gradNorms.ts
 * (and of shaders/grad_norms.wgsl), for rows [r0, r1) of grad [rows, cols] (a cell's dc_steps or
 * dh_steps): acc[r] += ‖grad[r, ·]‖₂. The squares are summed over the units in order in f64, as the
 * twin sums them (a product of two f32s is exact in f64), the root is f64.sqrt (correctly rounded,
 * as Math.sqrt), and the sum is rounded to f32 as acc stores it: the twin's numbers to the bit.
 * Only while the inside views are open; the cost is T·B·H multiply-adds a direction and step.
 */
// `rows` is the twin's dims.rows (T·B); the job gives each thread its slice [r0, r1) of them.
export function grad_norm_steps(rows: i32, cols: i32, grad: usize, acc: usize, r0: i32, r1: i32): void {
  r1 = min(r1, rows);
  for (let r = r0; r < r1; r++) {
    const base = grad + (<usize>(r * cols) << 2);
    let sum: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const g = <f64>load<f32>(base + (<usize>j << 2));
      sum += g * g;
    }
    const at = acc + (<usize>r << 2);
    store<f32>(at, <f32>(<f64>load<f32>(at) + sqrt<f64>(sum)));
  }
}

/** The job (INTS rows, cols, grad, acc): threads split the rows. */
export function gradNormStepsJob(index: i32, count: i32): void {
  const rows = argInt(0);
  grad_norm_steps(rows, argInt(1), argPtr(2), argPtr(3), sliceBegin(rows, index, count, 1), sliceEnd(rows, index, count, 1));
}
