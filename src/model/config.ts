import { z } from 'zod';
import { CELL_TYPES } from './cellKinds';
import { ATTENTION_SCORES, DECODER_SCORES } from './layers';

/**
 * The whole state of a run, in Keras's words. The UI, the URL codec, the trainer and both engines
 * read this one type; nothing else decides what a run is.
 */

export const DATASET_NAMES = [
  'sine', // synthetic: noisy sine, forecast the next value
  'adding', // synthetic: the adding problem (long-range memory)
  'sentiment', // synthetic: short "reviews" where word order matters ("not good")
  'tenclass', // synthetic: 10 classes of sequence shapes (the seed article's task)
  'seattle-temp', // real: Seattle next-day max temperature
  'seattle-weather', // real: Seattle weather type (5 classes)
  'sp500', // real: S&P 500 monthly, forecast next month
  'co2', // real: Mauna Loa CO2, monthly, seasonal forecast
  'spam', // real text: SpamAssassin e-mails of 2002, spam or ham (links name it; old links never did)
  'dates', // synthetic translation: human dates in English and Chinese → ISO dates (encoder–decoder)
  'custom', // the user's own CSV or text lines (a link carries only its name)
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;

/**
 * Keras's recurrent layers: LSTM, GRU (reset_after=True, Keras 2's default) and SimpleRNN (tanh).
 * The kinds are the registry's keys (cellKinds.ts): a new kind is one entry there.
 */
export { CELL_TYPES, type CellType } from './cellKinds';
export type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * Attention over the last recurrent layer's states before the head (issue 22): none (the head
 * reads the last state, as before), additive (Bahdanau: vᵀ·tanh(W·h_t + b)) or dot (a learned
 * query: qᵀ·h_t). model/layers.ts's AttentionLayerSpec.
 */
export const ATTENTION_CHOICES = ['none', ...ATTENTION_SCORES] as const;

/**
 * How a translation model's decoder attends over its encoder (issue 23), Luong's scores: dot
 * (e = s·h) or general (e = (Wa·s)·h). Read only for a dataset with a sequence target.
 */
export { DECODER_SCORES, type DecoderScore } from './layers';
export type AttentionChoice = (typeof ATTENTION_CHOICES)[number];

/** Hard limits: the UI's sliders, the URL codec's clamps and validation all use these. */
export const LIMITS = {
  layers: { min: 1, max: 4 },
  units: { min: 1, max: 512 },
  timesteps: { min: 2, max: 200 },
  batchSize: { min: 1, max: 512 },
  epochs: { min: 1, max: 1000 },
  trainSize: { min: 8, max: 20000 },
  noise: { min: 0, max: 2 },
  valFraction: { min: 0.05, max: 0.5 },
  dropout: { min: 0, max: 0.9 },
  l1: { min: 0, max: 1 },
  l2: { min: 0, max: 1 },
  learningRate: { min: 1e-5, max: 1 },
  clipnorm: { min: 0, max: 100 },
  patience: { min: 1, max: 200 },
  minDelta: { min: 0, max: 1 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  /** Elements of one split's x tensor (N·T·F): keeps a link from asking for gigabytes. */
  maxInputElements: 8_000_000,
} as const;

const num = (l: { min: number; max: number }) => z.number().finite().min(l.min).max(l.max);
const int = (l: { min: number; max: number }) => z.number().int().min(l.min).max(l.max);

export const datasetConfigSchema = z.object({
  name: z.enum(DATASET_NAMES),
  /** Training windows (before the validation split is taken away for synthetic sets). */
  trainSize: int(LIMITS.trainSize),
  /** Noise added to synthetic inputs (standard deviations of the clean signal's scale). */
  noise: num(LIMITS.noise),
  /** Share of windows held out for validation (the latest ones for time series). */
  valFraction: num(LIMITS.valFraction),
  /** Sequence length T of each window. */
  timesteps: int(LIMITS.timesteps),
  /** For 'custom': the name the user gave the file (only a label; a link cannot carry the data). */
  customName: z.string().max(80).optional(),
});
export type DatasetConfig = z.infer<typeof datasetConfigSchema>;

export const earlyStoppingSchema = z.object({
  enabled: z.boolean(),
  patience: int(LIMITS.patience),
  minDelta: num(LIMITS.minDelta),
  restoreBestWeights: z.boolean(),
});
export type EarlyStoppingConfig = z.infer<typeof earlyStoppingSchema>;

export const configSchema = z.object({
  dataset: datasetConfigSchema,
  /** Units of each stacked recurrent layer; all but the last return sequences. */
  layers: z.array(int(LIMITS.units)).min(LIMITS.layers.min).max(LIMITS.layers.max),
  /** The recurrent layer of every layer: Keras LSTM, GRU or SimpleRNN. */
  cell: z.enum(CELL_TYPES),
  /** Keras Bidirectional(layer, merge_mode='concat') around every recurrent layer. */
  bidirectional: z.boolean(),
  /** Attention over the last recurrent layer's states, which then returns sequences; 'none' = off. */
  attention: z.enum(ATTENTION_CHOICES),
  /** A translation dataset's decoder: Luong's dot or general score over the encoder's states. */
  decoderAttention: z.enum(DECODER_SCORES),
  /** Keras `dropout`: on each recurrent layer's inputs x_t (one mask per sample, shared by all timesteps). */
  dropout: num(LIMITS.dropout),
  /** Keras `recurrent_dropout`: on h_{t-1} as it enters the recurrent matmul (one mask per sample). */
  recurrentDropout: num(LIMITS.dropout),
  /** Dropout layer between the last LSTM (or the attention's context) and the Dense head. */
  outputDropout: num(LIMITS.dropout),
  /** L1 / L2 penalties on every kernel (LSTM kernel, recurrent kernel, Dense kernel), not biases. */
  l1: num(LIMITS.l1),
  l2: num(LIMITS.l2),
  optimizer: z.enum(OPTIMIZERS),
  learningRate: num(LIMITS.learningRate),
  batchSize: int(LIMITS.batchSize),
  epochs: int(LIMITS.epochs),
  /** Clip the gradient by its global norm (Keras `global_clipnorm`); 0 = off. */
  clipnorm: num(LIMITS.clipnorm),
  earlyStopping: earlyStoppingSchema,
  seed: int(LIMITS.seed),
});
export type Config = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: Config = {
  dataset: { name: 'sine', trainSize: 256, noise: 0.3, valFraction: 0.25, timesteps: 20 },
  layers: [32],
  cell: 'lstm',
  bidirectional: false,
  attention: 'none',
  decoderAttention: 'general',
  dropout: 0,
  recurrentDropout: 0,
  outputDropout: 0,
  l1: 0,
  l2: 0,
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 60,
  clipnorm: 0,
  earlyStopping: { enabled: false, patience: 8, minDelta: 0, restoreBestWeights: true },
  seed: 42,
};

export type ValidationResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Checks a config against the schema and the limits; each problem names the knob. */
export function validateConfig(input: unknown): ValidationResult {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`),
    };
  }
  return { ok: true, config: parsed.data };
}

export function cloneConfig(config: Config): Config {
  return structuredClone(config);
}
