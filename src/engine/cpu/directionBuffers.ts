import type { CellType } from '../../model/cellKinds';
import {
  CELLS,
  DIRECTION_BUFFERS,
  type DirectionBufferName,
  directionFloats,
  keeps,
} from '../contracts/cells';
import { NO_PROBE } from '../contracts/dims';
import type { Floats } from '../contracts/tensors';
import type { CellBuffers } from './kernels';

/** One direction of a layer: contracts/cells.ts's buffers (empty where the kind keeps none). */
export type DirectionBuffers<A extends Floats> = CellBuffers<A> & Record<DirectionBufferName, A>;

/** One direction's widths: B rows of T steps, F inputs, H units, direction d of dirs. */
export interface DirectionSize {
  B: number;
  T: number;
  F: number;
  H: number;
  d: number;
  dirs: number;
}

/** The buffers one direction of a `cell` layer keeps (contracts/cells.ts), and its cell dims. */
export function allocateDirection<A extends Floats>(
  cell: CellType,
  { B, T, F, H, d, dirs }: DirectionSize,
  training: boolean,
  floats: (n: number) => A,
): DirectionBuffers<A> {
  const sizes = { cell, rows: T * B, batch: B, steps: T, inputs: F, units: H, gates: CELLS[cell].gates };
  const buffers = {} as Record<DirectionBufferName, A>;
  for (const name of Object.keys(DIRECTION_BUFFERS) as DirectionBufferName[]) {
    buffers[name] = floats(directionFloats(sizes, name, training));
  }
  // A kind without a gradient of its own at the recurrent pre-activations shares dz's.
  if (!keeps(cell, 'dzr')) buffers.dzr = buffers.dz;
  const dims = {
    batch: B,
    units: H,
    steps: T,
    reverse: d,
    h_stride: dirs * H,
    h_off: d * H,
    probe_row: NO_PROBE,
  };
  return { dims, ...buffers };
}
