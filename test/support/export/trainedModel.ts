import { readNodeDataFile } from '../../../src/data/nodeFiles';
import type { Dataset } from '../../../src/data/types';
import { prepareRun } from '../../../src/engine/host/session';
import { createReferenceBackend } from '../../../src/engine/reference/backend';
import { Trainer } from '../../../src/engine/training/trainer';
import { decode } from '../../../src/link/urlCodec';
import type { Config } from '../../../src/model/config';
import type { Weights } from '../../../src/model/params';

/** A model trained a few epochs by the real trainer on the reference engine, for export tests. */
export interface TrainedModel {
  config: Config;
  dataset: Dataset;
  weights: Weights;
  /** Our engine's validation outputs [n_val, K] (probabilities or scaled predictions) and loss. */
  valOutputs: Float32Array;
  valLoss: number;
}

export async function trainedModel(query: string, epochs = 2): Promise<TrainedModel> {
  const { config, problems } = decode(query);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  const run = await prepareRun(config, readNodeDataFile);
  const backend = createReferenceBackend(config, run.dataset, run.weights);
  const trainer = new Trainer({ config, dataset: run.dataset, backend, epochs });
  await trainer.run();
  const evaluation = await backend.evaluate('val');
  const weights = await backend.readWeights();
  backend.dispose();
  return { config, dataset: run.dataset, weights, valOutputs: evaluation.outputs, valLoss: evaluation.loss };
}

/**
 * The models every format is checked on: each cell type, one layer and stacked, one direction and
 * Bidirectional, regression and classification.
 */
export const EXPORT_CASES = {
  'LSTM(6), regression (sine), all dropouts and L1/L2':
    'd=sine&n=48&t=7&u=6&b=16&s=3&dr=0.2&rd=0.2&od=0.1&l1=0.001&l2=0.001',
  'LSTM(8)→LSTM(5), classification (tenclass)': 'd=tenclass&n=60&t=9&u=8-5&b=16&s=5',
  'LSTM(4)→LSTM(3)→LSTM(5), regression (co2)': 'd=co2&n=40&t=6&u=4-3-5&b=8&s=2&o=rmsprop',
  'Bidirectional LSTM(5)→LSTM(4), classification (tenclass), dropouts':
    'd=tenclass&n=60&t=8&u=5-4&bi=1&b=16&s=4&dr=0.1&rd=0.1&od=0.1',
  'GRU(6)→GRU(4), regression (sine), dropouts and L2':
    'd=sine&n=48&t=7&u=6-4&cell=gru&b=16&s=3&dr=0.1&rd=0.2&l2=0.001',
  'Bidirectional GRU(5)→GRU(3), classification (tenclass)':
    'd=tenclass&n=60&t=8&u=5-3&cell=gru&bi=1&b=16&s=6&rd=0.1',
  'SimpleRNN(7), classification (tenclass), output dropout':
    'd=tenclass&n=60&t=9&u=7&cell=simple_rnn&b=16&s=5&od=0.1',
  'Bidirectional SimpleRNN(4)→SimpleRNN(3), regression (co2), L1':
    'd=co2&n=40&t=6&u=4-3&cell=simple_rnn&bi=1&b=8&s=7&dr=0.1&l1=0.001',
} as const;

export type ExportCase = keyof typeof EXPORT_CASES;

/**
 * Models with an attention layer (issue 22) between the last recurrent layer (returning
 * sequences) and the head: both scores, one layer and stacked, Bidirectional, each cell type,
 * both tasks, with dropouts and L1/L2.
 */
export const ATTENTION_CASES = {
  'LSTM(6) → additive attention, classification (tenclass), output dropout, L2':
    'd=tenclass&n=60&t=9&u=6&att=additive&b=16&s=5&od=0.1&l2=0.001',
  'Bidirectional LSTM(5)→LSTM(4) → dot attention, regression (co2), dropouts':
    'd=co2&n=40&t=6&u=5-4&bi=1&att=dot&b=8&s=2&dr=0.1&rd=0.1',
  'GRU(6)→GRU(4) → additive attention, regression (sine), L1':
    'd=sine&n=48&t=7&u=6-4&cell=gru&att=additive&b=16&s=3&l1=0.001',
  'Bidirectional SimpleRNN(4) → additive attention, classification (tenclass)':
    'd=tenclass&n=60&t=8&u=4&cell=simple_rnn&bi=1&att=additive&b=16&s=6&od=0.1',
} as const;

/**
 * Text with attention: the engines mask the padding (all-zero rows in front of a short review),
 * so an export must too. Short windows (t=12 on spam) leave some reviews unpadded and many padded.
 */
export const TEXT_ATTENTION_CASES = {
  'LSTM(6) → additive attention, sentiment (padded reviews)':
    'd=sentiment&n=96&t=10&u=6&att=additive&b=16&s=5',
  'Bidirectional GRU(4) → dot attention, spam (padded messages), output dropout':
    'd=spam&n=96&t=12&u=4&cell=gru&bi=1&att=dot&b=16&s=3&od=0.1',
} as const;

/** The cases whose recurrent layers are GRUs: TF.js 4.22 cannot build a GRU with reset_after=true. */
export const isGruCase = (query: string) => query.includes('cell=gru');

/** max |a − b| over two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/**
 * Translation models (issue 23: an encoder–decoder on human dates → ISO), both encoders and both
 * Luong scores, trained enough (trainedModel's epochs: TRANSLATION_EPOCHS) that greedy decoding
 * spells different strings for different dates; the padding in front of a short date is masked.
 */
export const TRANSLATION_CASES = {
  'LSTM(16) encoder, general score (dates)': 'd=dates&t=30&n=400&vf=0.2&u=16&b=16&o=adam&lr=0.01&s=3',
  'Bidirectional GRU(8) encoder, dot score (dates), L2':
    'd=dates&t=30&n=400&vf=0.2&u=8&cell=gru&bi=1&da=dot&b=16&o=adam&lr=0.01&l2=0.0001&s=5',
} as const;
export const TRANSLATION_EPOCHS = 6;
