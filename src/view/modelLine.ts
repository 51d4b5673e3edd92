import { byKind, CELL_KINDS } from '../model/cellKinds';
import type { CellType, Config } from '../model/config';

/** Keras's class name of each cell type (model/cellKinds.ts). */
export const KERAS_CELL_NAMES: Record<CellType, string> = byKind((c) => CELL_KINDS[c].keras.className);

/**
 * The model as Keras's Sequential would list it, e.g.
 * `Bidirectional(GRU(64, return_sequences)) → Bidirectional(GRU(32)) → Dense(1)`: every recurrent
 * layer but the last returns sequences; `outputs` adds the Dense head when the data is known.
 */
export function modelLine(
  config: Pick<Config, 'layers' | 'cell' | 'bidirectional'>,
  outputs?: number,
): string {
  const name = KERAS_CELL_NAMES[config.cell];
  const layers = config.layers.map((units, i) => {
    const layer = `${name}(${units}${i < config.layers.length - 1 ? ', return_sequences' : ''})`;
    return config.bidirectional ? `Bidirectional(${layer})` : layer;
  });
  if (outputs !== undefined) layers.push(`Dense(${outputs})`);
  return layers.join(' → ');
}
