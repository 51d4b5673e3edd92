import { wordsOfWindow } from '../data/sentence';
import type { Dataset } from '../data/types';
import {
  type GradNorms,
  PROBE_QUANTITIES,
  type ProbeActivations,
  type ProbeDirection,
  type TranslationProbe,
} from '../engine/contracts/probe';

/**
 * `--probe N`'s object on the final JSON line: validation window N's insides from the run's final
 * weights, and the last epoch's gradient norms, as nested arrays a script can read:
 *   { window, cell, layers: [{ i, f, g, o, c, h, pre_i, …: [T][H], reverse?: { … } }],
 *     gradNormC: [layers][T] | null, gradNormH: [layers][T], readout: [T][K] | null,
 *     attention: { score, scores: [T], alpha: [T] } | null }
 * (GRU: z, r, hh, h; SimpleRNN: h.) A Bidirectional layer's reverse direction sits in `reverse`,
 * its norms in gradNormCReverse / gradNormHReverse. readout is the head after each step, in the
 * target's units (regression) or as class probabilities (null with attention or Bidirectional).
 * attention (issue 22): the attention layer's score e_t before the softmax and weight α_t at each
 * step (α sums to 1 over the real steps; 0 on padding); null without attention.
 * translation (issue 23, an encoder–decoder): { input, inputStart, output, alpha: [T_out][T_in],
 * outputs: [T_out][V] } — the window's input string (its characters at steps inputStart …
 * T_in − 1, after the padding), the string greedy decoding wrote, the weight each output step put
 * on each input step, and each step's probabilities over the target's vocabulary; null otherwise.
 */
export function probeJson(
  window: number,
  probe: ProbeActivations,
  norms: GradNorms | null,
  dataset: Pick<Dataset, 'outputs' | 'targetScale' | 'vocabulary' | 'target'>,
  input?: Float32Array,
) {
  const T = probe.steps;
  const rows = (a: Float32Array, width: number) =>
    Array.from({ length: a.length / width }, (_, t) => Array.from(a.subarray(t * width, (t + 1) * width)));
  const direction = (d: ProbeDirection, H: number) =>
    Object.fromEntries(
      PROBE_QUANTITIES[probe.cell].flatMap((q) => {
        const a = d[q];
        return a ? [[q, rows(a, H)]] : [];
      }),
    );
  const perLayer = (n: Float32Array[][] | null | undefined, d: number) =>
    n ? n.map((layer) => (layer[d] ? Array.from(layer[d]) : Array(T).fill(0))) : null;
  const bidirectional = probe.layers[0].directions.length === 2;
  const scale = dataset.targetScale;
  const readout = probe.readout
    ? rows(scale ? probe.readout.map((v) => v * scale.std + scale.mean) : probe.readout, dataset.outputs)
    : null;
  return {
    window,
    cell: probe.cell,
    layers: probe.layers.map((layer) => ({
      ...direction(layer.directions[0], layer.units),
      ...(layer.directions[1] ? { reverse: direction(layer.directions[1], layer.units) } : {}),
    })),
    gradNormC: perLayer(norms?.c, 0),
    gradNormH: perLayer(norms?.h, 0),
    ...(bidirectional
      ? { gradNormCReverse: perLayer(norms?.c, 1), gradNormHReverse: perLayer(norms?.h, 1) }
      : {}),
    readout,
    attention: probe.attention
      ? {
          score: probe.attention.score,
          scores: Array.from(probe.attention.scores),
          alpha: Array.from(probe.attention.alpha),
        }
      : null,
    translation: probe.translation ? translationJson(probe.translation, dataset, input) : null,
  };
}

/** Validation window w's one-hot rows [T, F], as the model read them. */
export function probeInput(
  dataset: Pick<Dataset, 'val' | 'timesteps' | 'features'>,
  w: number,
): Float32Array {
  const size = dataset.timesteps * dataset.features;
  return dataset.val.x.subarray(w * size, (w + 1) * size);
}

/** The translation probe as nested arrays, with the strings read and written (see probeJson). */
function translationJson(
  probed: TranslationProbe,
  dataset: Pick<Dataset, 'vocabulary' | 'target'>,
  input: Float32Array | undefined,
) {
  const { outSteps, inSteps, alpha, outputs } = probed;
  const V = outputs.length / outSteps;
  const symbols = dataset.target?.vocabulary ?? [];
  const chars = input ? wordsOfWindow(input, inSteps, dataset.vocabulary ?? []) : [];
  const rows = (a: Float32Array, width: number) =>
    Array.from({ length: a.length / width }, (_, i) => Array.from(a.subarray(i * width, (i + 1) * width)));
  const written = rows(outputs, V).map((p) => symbols[p.indexOf(Math.max(...p))] ?? '?');
  return {
    input: input ? chars.join('') : null,
    inputStart: input ? chars.findIndex((c) => c !== null) : null,
    output: written.join(''),
    alpha: rows(alpha, inSteps),
    outputs: rows(outputs, V),
  };
}
