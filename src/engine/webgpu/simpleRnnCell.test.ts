import { describe } from 'vitest';
import { cellTwinTests } from '../../../test/support/engine/cellTwinTests';

/**
 * One dispatch of simple_rnn_cell_forward / simple_rnn_cell_backward against one call of its twin
 * (see test/support/engine/cellTwinTests.ts). Measured: forward ≤ 3.1e-7, backward ≤ 1.2e-7 of each
 * buffer's scale. Tolerance 5e-6 (~15x).
 */
describe('simple_rnn_cell_forward / simple_rnn_cell_backward: each dispatch equals its twin', () => {
  cellTwinTests('simple_rnn', undefined, 5e-6);
});
