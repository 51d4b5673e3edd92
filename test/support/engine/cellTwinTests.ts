import { expect, it } from 'vitest';
import { type CellDims, cellDims } from '../../../src/engine/reference/lstmCell';
import { type CellVariant, DEFAULT_CELL } from '../../../src/engine/webgpu/cellKernels';
import type { CellType } from '../../../src/model/config';
import { oneCellStep, randomCellState, stepsToCheck, WRITTEN } from './cellHarness';
import { worstError } from './dispatch';

/**
 * The per-dispatch twin tests every cell shares: each shape, in one direction with h H wide and in
 * the reverse direction of a Bidirectional layer (h 2H wide, this direction's units from column
 * H), each variant, forward and backward, at the first, a middle and the last step.
 */
// [B, H, T]: batch 1, one timestep, units not a multiple of 4, B not a multiple of the rows a
// thread computes. The WebAssembly cells' tests take the same (src/engine/wasm/cells.test.ts).
export const CELL_SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [5, 7, 3],
  [3, 37, 6],
  [9, 16, 4],
];

/**
 * A forward direction (h H wide), or the reverse of a Bidirectional layer (h 2H wide, from column
 * H). The probed row is the last one (the first when B is 1), so an off-by-one shows.
 */
export const directionDims = (B: number, H: number, T: number, reverse: number): CellDims => {
  const probe_row = B - 1;
  return reverse
    ? { batch: B, units: H, steps: T, reverse: 1, h_stride: 2 * H, h_off: H, probe_row }
    : { ...cellDims(B, H, T), probe_row };
};

export function cellTwinTests(
  cell: CellType,
  variants: CellVariant[] = [DEFAULT_CELL],
  tolerance: number,
): void {
  for (const [B, H, T] of CELL_SHAPES)
    for (const reverse of [0, 1])
      for (const variant of variants)
        for (const backward of [false, true]) {
          const kernel = `${cell}_cell_${backward ? 'backward' : 'forward'}`;
          const direction = reverse ? 'reverse of a Bidirectional layer' : 'forward';
          const rows = cell === 'lstm' ? ` rows ${variant.forwardRows}/${variant.backwardRows}` : '';
          it(`${kernel} B=${B} H=${H} T=${T}, ${direction}${rows}`, async () => {
            const dims = directionDims(B, H, T, reverse);
            const s = randomCellState(cell, dims, backward, B * 1000 + H * 10 + T + reverse);
            for (const t of stepsToCheck(dims)) {
              const { got, want } = await oneCellStep(cell, dims, variant, backward, t, s);
              for (const name of WRITTEN) {
                const { error, at } = worstError(got[name], want[name]);
                expect(
                  error,
                  `${kernel} B=${B} H=${H} T=${T} ${direction} t=${t}: ${name}[${at}]`,
                ).toBeLessThan(tolerance);
              }
            }
          });
        }
}
