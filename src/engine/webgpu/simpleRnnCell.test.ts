import { describe } from 'vitest';
import { cellTwinTests } from '../../../test/support/engine/cellTwinTests';

/**
 * One dispatch of simple_rnn_cell_forward / simple_rnn_cell_backward against one call of its twin
 * (see test/support/engine/cellTwinTests.ts). Measured: forward ≤ 3.1e-7, backward ≤ 1.2e-7 of each
 * buffer's scale (the vec4-over-units kernel sums in the scalar one's order: 3.06e-7 and 1.21e-7,
 * as before it). Tolerance 5e-6 (~15x). H = 1, 7 and 37 leave a last block of 1, 3 and 1 units.
 */
describe('simple_rnn_cell_forward / simple_rnn_cell_backward: each dispatch equals its twin', () => {
  cellTwinTests('simple_rnn', undefined, 5e-6);
});
