import { describe } from 'vitest';
import { cellTwinTests } from '../../../test/support/engine/cellTwinTests';
import { CELL_BACKWARD_ROWS, CELL_FORWARD_ROWS, type CellVariant } from './cellKernels';

/**
 * One dispatch of lstm_cell_forward / lstm_cell_backward against one call of its twin, from the
 * same state, at the first, a middle and the last step of each direction: a failure names the
 * kernel, the shape, the direction, t and the buffer element.
 *
 * Measured (these shapes, every variant, both directions): forward ≤ 2.5e-7 of each buffer's scale
 * (f32 fma sums over ≤ 37 units against f64 sums, then exp/tanh from another library); backward
 * ≤ 6.3e-7. The tolerance, 5e-6, is ~8x that; a wrong index or a dropped term moves a buffer by
 * 1e-2 or more of its scale.
 */
const TOLERANCE = 5e-6;

// Every rows-per-thread choice of each direction, paired so each runs on each shape.
const variants: CellVariant[] = CELL_FORWARD_ROWS.map((forwardRows, i) => ({
  forwardRows,
  backwardRows: CELL_BACKWARD_ROWS[i],
}));

describe('lstm_cell_forward / lstm_cell_backward: each dispatch equals its twin', () => {
  cellTwinTests('lstm', variants, TOLERANCE);
});
