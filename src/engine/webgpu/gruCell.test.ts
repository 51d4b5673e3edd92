import { describe } from 'vitest';
import { cellTwinTests } from '../../../test/support/engine/cellTwinTests';

/**
 * One dispatch of gru_cell_forward / gru_cell_backward against one call of its twin (see
 * test/support/engine/cellTwinTests.ts). Measured: forward ≤ 2.6e-7, backward ≤ 2.2e-7 of each
 * buffer's scale (the vec4-over-units kernel sums in the scalar one's order: 2.58e-7 and 1.86e-7
 * on these shapes, as before it). Tolerance 5e-6 (~20x); a missing reset factor or a wrong gate
 * moves one by 1e-2. H = 1, 7 and 37 leave a last block of 1, 3 and 1 units of four.
 */
describe('gru_cell_forward / gru_cell_backward: each dispatch equals its twin', () => {
  cellTwinTests('gru', undefined, 5e-6);
});
