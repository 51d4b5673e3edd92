import { byKind, CELL_KINDS } from '../model/cellKinds';
import type { AttentionChoice, CellType, Config } from '../model/config';
import type { AttentionScore } from '../model/layers';

/** Keras's class name of each cell type (model/cellKinds.ts). */
export const KERAS_CELL_NAMES: Record<CellType, string> = byKind((c) => CELL_KINDS[c].keras.className);

/**
 * The attention layer as the model line and the summary name it. Keras has no built-in layer for
 * attention with a learned query over one sequence (its Attention and AdditiveAttention take a
 * query input), so the class is written as the playground's own: `Attention(additive)`.
 */
export const attentionClass = (score: AttentionScore): string => `Attention(${score})`;

/** The attention score of a config, or null for none. */
export const attentionOf = (choice: AttentionChoice | undefined): AttentionScore | null =>
  choice && choice !== 'none' ? choice : null;

/**
 * The model as Keras's Sequential would list it, e.g.
 * `Bidirectional(GRU(64, return_sequences)) → Bidirectional(GRU(32)) → Dense(1)`: every recurrent
 * layer but the last returns sequences (the last too when attention reads its states, e.g.
 * `LSTM(32, return_sequences) → Attention(additive) → Dense(1)`); `outputs` adds the Dense head
 * when the data is known.
 */
export function modelLine(
  config: Pick<Config, 'layers' | 'cell' | 'bidirectional'> & { attention?: AttentionChoice },
  outputs?: number,
): string {
  const name = KERAS_CELL_NAMES[config.cell];
  const score = attentionOf(config.attention);
  const layers = config.layers.map((units, i) => {
    const sequences = i < config.layers.length - 1 || score !== null;
    const layer = `${name}(${units}${sequences ? ', return_sequences' : ''})`;
    return config.bidirectional ? `Bidirectional(${layer})` : layer;
  });
  if (score) layers.push(attentionClass(score));
  if (outputs !== undefined) layers.push(`Dense(${outputs})`);
  return layers.join(' → ');
}
