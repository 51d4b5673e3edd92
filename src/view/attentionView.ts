import type { AttentionProbe, ProbeLayer } from '../engine/contracts/probe';
import type { InsideProbe } from '../engine/host/inside';
import type { Translate } from '../i18n';
import type { FirstAttention } from '../state/workerMessages';
import { colorOf, inkOn } from './colorScales';

/**
 * The attention view's view-model (issue 22): the probed window's attention step by step, the
 * first epoch's beside it, the context's share per step and, on the adding problem, how much
 * weight the two marked steps get. Pure functions of a probe; the component draws what they return.
 */

/** One step of the window, as the strip's hover, the table and the screen reader give it. */
export interface AttentionStep {
  t: number;
  /** e_t, before the softmax. */
  score: number;
  /** α_t, the weight the context gives this step's state. */
  alpha: number;
  /**
   * The step's share of the context: α_t·‖h_t‖ / Σ_s α_s·‖h_s‖ with h the last recurrent layer's
   * output at s (both directions together when Bidirectional); how much of the context's size
   * this step's term brings, where α alone ignores that some states are near zero.
   */
  share: number;
  /** α_t after the first epoch kept for this window; null when none is kept or it is this epoch. */
  firstAlpha: number | null;
}

/** ‖h_t‖ of the last layer's output at every step (directions side by side, as the attention reads them). */
export function stateNorms(layer: ProbeLayer, steps: number): Float64Array {
  const norms = new Float64Array(steps);
  for (const d of layer.directions) {
    const h = d.h;
    if (!h) continue;
    for (let t = 0; t < steps; t++)
      for (let j = 0; j < layer.units; j++) norms[t] += h[t * layer.units + j] ** 2;
  }
  return norms.map(Math.sqrt);
}

/** α_t·‖h_t‖ / Σ_s α_s·‖h_s‖ for every step (all 0 when every term is: no state to share). */
export function contextShares(alpha: ArrayLike<number>, norms: ArrayLike<number>): Float64Array {
  const terms = Float64Array.from(norms, (n, t) => alpha[t] * n);
  const sum = terms.reduce((a, b) => a + b, 0);
  return sum > 0 ? terms.map((v) => v / sum) : terms.fill(0);
}

/** The first epoch kept for this window, when it is another epoch than the probe's. */
export function firstFor(kept: readonly FirstAttention[], probe: InsideProbe): FirstAttention | null {
  const first = kept.find((k) => k.window === probe.window) ?? null;
  return first && first.attention.alpha.length === probe.activations.steps && first.epoch !== probe.epoch
    ? first
    : null;
}

/** The window's steps with their numbers, or null when the probe carries no attention. */
export function attentionSteps(probe: InsideProbe, first: FirstAttention | null): AttentionStep[] | null {
  const att = probe.activations.attention;
  if (!att) return null;
  const steps = probe.activations.steps;
  const layers = probe.activations.layers;
  const shares = contextShares(att.alpha, stateNorms(layers[layers.length - 1], steps));
  return Array.from({ length: steps }, (_, t) => ({
    t,
    score: att.scores[t],
    alpha: att.alpha[t],
    share: shares[t],
    firstAlpha: first ? first.attention.alpha[t] : null,
  }));
}

/** The top of the strips' shared scale: the largest weight of either epoch (at least 1/T, uniform). */
export function alphaTop(now: AttentionProbe, first: FirstAttention | null): number {
  let top = 1 / Math.max(1, now.alpha.length);
  for (const a of now.alpha) top = Math.max(top, a);
  for (const a of first?.attention.alpha ?? []) top = Math.max(top, a);
  return top;
}

/** A weight's colours on the sequential scale from 0 to `top` (the word chips' shading). */
export function weightColors(alpha: number, top: number): { background: string; ink: string } {
  return { background: colorOf('sequential', alpha, 0, top), ink: inkOn('sequential', alpha, 0, top) };
}

/** Σ α over the given steps (the adding problem's two marked ones), against the uniform |marked|/T. */
export function weightOn(
  alpha: ArrayLike<number>,
  marked: readonly number[],
): { weight: number; uniform: number } {
  let weight = 0;
  for (const t of marked) weight += alpha[t] ?? 0;
  return { weight, uniform: marked.length / Math.max(1, alpha.length) };
}

/** A weight as a percentage for the page: 62%, 1.5%, 0.04%, <0.01% (not a 0 that is not one). */
export function percent(x: number): string {
  const p = x * 100;
  if (!Number.isFinite(p)) return '—';
  if (p > 0 && p < 0.005) return '<0.01%';
  return `${p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toFixed(2)}%`;
}

/** The current strip's row name: after which epoch its weights are. */
export function attentionRowName(probe: InsideProbe, t: Translate): string {
  if (probe.steps === 0) return t('attViewRowInitial');
  if (probe.midEpoch) return t('attViewRowDuring', { epoch: probe.epoch + 1 });
  return t('attViewRow', { epoch: probe.epoch });
}
