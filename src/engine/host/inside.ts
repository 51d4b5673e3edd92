import { encodeDateInput } from '../../data/dates';
import { encodeSentence, type SentenceProblem, type SentenceToken, wordsOfWindow } from '../../data/sentence';
import type { Dataset } from '../../data/types';
import {
  type GradNorms,
  type ProbeActivations,
  probeBuffers,
  type TranslationProbe,
} from '../contracts/probe';
import type { Trainer } from '../training/trainer';

/**
 * What the worker sends the inside views: a probe with the window it looked at (its inputs, its
 * target, its words), in the units the page shows (regression readouts unscaled). The numbers are
 * the engine's (probe.ts); this only adds what the dataset knows.
 */
export interface InsideProbe {
  /** Epochs the weights were trained for when the probe was taken (whole epochs). */
  epoch: number;
  /** Training steps done when it was taken; midEpoch: the weights are from inside epoch epoch + 1. */
  steps: number;
  midEpoch: boolean;
  window: number;
  activations: ProbeActivations;
  gradNorms: GradNorms | null;
  /** [T, F] the window's inputs (for regression series, scaled as the model sees them). */
  input: Float32Array;
  /** [K] the target: the one-hot label, or the value in the target's units. */
  target: Float32Array;
  /** Text datasets: the word at each step (null where the window is padding). */
  words: (string | null)[] | null;
}

/** One's own sentence through the current weights: its words and the readout after each step. */
export interface SentenceProbe {
  text: string;
  tokens: SentenceToken[];
  /** [T, K] class probabilities after each step (null for Bidirectional models and with attention). */
  readout: Float32Array | null;
  /** [T] the attention's weight on each step (issue 22); null without attention. */
  alpha: Float32Array | null;
  /** An encoder–decoder's typed date (issue 23): where each output character looked, and what it decoded. */
  translation?: TranslationProbe | null;
  epoch: number;
}

/** Regression readouts in the target's units (the engine's are z-scored like the targets). */
function unscaled(activations: ProbeActivations, dataset: Dataset): ProbeActivations {
  const scale = dataset.targetScale;
  if (!scale || !activations.readout) return activations;
  return { ...activations, readout: activations.readout.map((v) => v * scale.std + scale.mean) };
}

export function insideProbe(
  dataset: Dataset,
  when: { epoch: number; steps: number; midEpoch: boolean },
  window: number,
  activations: ProbeActivations,
  gradNorms: GradNorms | null,
): InsideProbe {
  const { timesteps: T, features: F, outputs: K, val } = dataset;
  const input = val.x.slice(window * T * F, (window + 1) * T * F);
  const target = val.y.slice(window * K, (window + 1) * K);
  const scale = dataset.targetScale;
  return {
    ...when,
    window,
    activations: unscaled(activations, dataset),
    gradNorms,
    input,
    target: scale ? target.map((v) => v * scale.std + scale.mean) : target,
    words: dataset.vocabulary ? wordsOfWindow(input, T, dataset.vocabulary) : null,
  };
}

/**
 * The arrays of an inside message, to transfer rather than copy: each probe's own. The gradient
 * norms are copied instead: the trainer keeps the last epoch's norms and sends them again (with a
 * probe on demand after a run or while paused, or after an epoch that summed none), and a
 * transferred buffer would be detached in the worker by then.
 */
export function insideTransferables(p: InsideProbe): ArrayBuffer[] {
  return [
    ...new Set([
      ...probeBuffers(p.activations, null),
      p.input.buffer as ArrayBuffer,
      p.target.buffer as ArrayBuffer,
    ]),
  ];
}

/** Why a typed date was refused (encodeDateInput's reasons, by name for the page's two languages). */
export type DateProblem =
  | { code: 'sentenceDateEmpty' }
  | { code: 'sentenceDateTooLong'; max: number; chars: number }
  | { code: 'sentenceDateUnknown'; char: string };

export type SentenceAnswer =
  | { ok: true; sentence: SentenceProbe }
  | ({ ok: false } & (
      | SentenceProblem
      | DateProblem
      | { code: 'sentenceNoRun' }
      | { code: 'sentenceNotText' }
    ));

/** A typed date through an encoder–decoder: its alignment and greedy decoding, or why not. */
async function dateAnswer(text: string, trainer: Trainer, T: number): Promise<SentenceAnswer> {
  const encoded = encodeDateInput(text, T);
  if ('error' in encoded) {
    const reason = encoded.reason;
    if (reason.kind === 'empty') return { ok: false, code: 'sentenceDateEmpty' };
    if (reason.kind === 'too-long')
      return { ok: false, code: 'sentenceDateTooLong', max: reason.limit, chars: [...text.trim()].length };
    return { ok: false, code: 'sentenceDateUnknown', char: reason.char };
  }
  const activations = await trainer.probeNow({ x: encoded.x });
  return {
    ok: true,
    sentence: {
      text: text.trim(),
      tokens: [],
      readout: null,
      alpha: null,
      translation: activations?.translation ?? null,
      epoch: trainer.weightsEpoch,
    },
  };
}

/** One's own sentence through the run's current weights (a forward pass in the worker). */
export async function sentenceAnswer(
  text: string,
  run: { trainer: Trainer; dataset: Dataset } | null,
): Promise<SentenceAnswer> {
  if (!run) return { ok: false, code: 'sentenceNoRun' };
  const { dataset, trainer } = run;
  if (dataset.target) return dateAnswer(text, trainer, dataset.timesteps);
  if (!dataset.vocabulary) return { ok: false, code: 'sentenceNotText' };
  const encoded = encodeSentence(text, dataset.vocabulary, dataset.timesteps);
  if (!encoded.ok) return encoded;
  const activations = await trainer.probeNow({ x: encoded.x });
  return {
    ok: true,
    sentence: {
      text,
      tokens: encoded.tokens,
      readout: activations?.readout ?? null,
      alpha: activations?.attention?.alpha ?? null,
      epoch: trainer.weightsEpoch,
    },
  };
}
