import { byKind, CELL_KINDS } from '../model/cellKinds';
import type { AttentionChoice, CellType, Config } from '../model/config';
import type { AttentionScore, DecoderScore } from '../model/layers';

/** Keras's class name of each cell type (model/cellKinds.ts). */
export const KERAS_CELL_NAMES: Record<CellType, string> = byKind((c) => CELL_KINDS[c].keras.className);

/**
 * The attention layer as the model line and the summary name it. Keras has no built-in layer for
 * attention with a learned query over one sequence (its Attention and AdditiveAttention take a
 * query input), so the class is written as the playground's own: `Attention(additive)`.
 */
export const attentionClass = (score: AttentionScore | DecoderScore): string => `Attention(${score})`;

/** The attention score of a config, or null for none. */
export const attentionOf = (choice: AttentionChoice | undefined): AttentionScore | null =>
  choice && choice !== 'none' ? choice : null;

/** A translation model's output side (data/types.ts SequenceTarget): steps and symbols. */
export interface LineTarget {
  steps: number;
  vocabulary: readonly string[];
}

/** The words before each half of an encoder–decoder, in the page's language. */
export interface HalfNames {
  encoder: string;
  decoder: string;
}

const ENGLISH_HALVES: HalfNames = { encoder: 'Encoder', decoder: 'Decoder' };

/**
 * The model as Keras's Sequential would list it, e.g.
 * `Bidirectional(GRU(64, return_sequences)) → Bidirectional(GRU(32)) → Dense(1)`: every recurrent
 * layer but the last returns sequences (the last too when attention reads its states, e.g.
 * `LSTM(32, return_sequences) → Attention(additive) → Dense(1)`); `outputs` adds the Dense head
 * when the data is known. With a sequence `target` the model is an encoder–decoder, and the line
 * names both halves (translationLine).
 */
export function modelLine(
  config: Pick<Config, 'layers' | 'cell' | 'bidirectional'> & {
    attention?: AttentionChoice;
    decoderAttention?: DecoderScore;
  },
  outputs?: number,
  target?: LineTarget,
  halves: HalfNames = ENGLISH_HALVES,
): string {
  if (target) return translationLine(config, target, halves);
  const score = attentionOf(config.attention);
  const layers = recurrentLayers(config, score !== null);
  if (score) layers.push(attentionClass(score));
  if (outputs !== undefined) layers.push(`Dense(${outputs})`);
  return layers.join(' → ');
}

/** The recurrent stack, each layer as Keras writes it; the last returns sequences when `readAll`. */
function recurrentLayers(config: Pick<Config, 'layers' | 'cell' | 'bidirectional'>, readAll: boolean) {
  const name = KERAS_CELL_NAMES[config.cell];
  return config.layers.map((units, i) => {
    const sequences = i < config.layers.length - 1 || readAll;
    const layer = `${name}(${units}${sequences ? ', return_sequences' : ''})`;
    return config.bidirectional ? `Bidirectional(${layer})` : layer;
  });
}

/**
 * `Encoder: LSTM(64, return_sequences) → Decoder: LSTM(64) + Attention(general) →
 * TimeDistributed(Dense(11, softmax))`: the recurrent stack returns its states to the decoder, an
 * LSTM as wide as they are (model/layers.ts DecoderLayerSpec) with Luong attention over them, then
 * a softmax over the output symbols at each output step. The encoder's own attention never applies.
 */
function translationLine(
  config: Pick<Config, 'layers' | 'cell' | 'bidirectional'> & { decoderAttention?: DecoderScore },
  target: LineTarget,
  halves: HalfNames,
): string {
  const encoder = recurrentLayers(config, true).join(' → ');
  const width = (config.layers[config.layers.length - 1] ?? 0) * (config.bidirectional ? 2 : 1);
  const decoder = `LSTM(${width}) + ${attentionClass(config.decoderAttention ?? 'general')}`;
  const head = `TimeDistributed(Dense(${target.vocabulary.length}, softmax))`;
  return `${halves.encoder}: ${encoder} → ${halves.decoder}: ${decoder} → ${head}`;
}
