import type { ModelShape } from '../../model/params';
import { CELLS, DIRECTION_BUFFERS, type DirectionBufferName, directionFloats } from '../contracts/cells';
import { decoderPlanFloats } from './decoderStage';

/**
 * Every buffer a config needs, checked against the device's limits and a memory budget BEFORE
 * anything is allocated, so an impossible config fails with a message naming the limit and the
 * knob to lower instead of a validation error deep inside WebGPU.
 */
export interface PlannedBuffer {
  name: string;
  bytes: number;
  /** The config knobs that make this buffer big, in the UI's words. */
  knobs: string;
  /** Bound whole as one storage binding (so maxStorageBufferBindingSize applies). */
  bound: boolean;
}

export const DEFAULT_MEMORY_BUDGET = 1024 * 1024 * 1024;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function checkMemoryPlan(
  plan: PlannedBuffer[],
  limits: GPUSupportedLimits,
  budgetBytes: number,
): number {
  let total = 0;
  for (const b of plan) {
    total += b.bytes;
    if (b.bytes > limits.maxBufferSize) {
      throw new Error(
        `${b.name} needs ${mib(b.bytes)}, over this GPU's maxBufferSize (${mib(limits.maxBufferSize)}): lower ${b.knobs}`,
      );
    }
    if (b.bound && b.bytes > limits.maxStorageBufferBindingSize) {
      throw new Error(
        `${b.name} needs ${mib(b.bytes)}, over this GPU's maxStorageBufferBindingSize ` +
          `(${mib(limits.maxStorageBufferBindingSize)}): lower ${b.knobs}`,
      );
    }
  }
  if (total > budgetBytes) {
    const biggest = [...plan].sort((a, b) => b.bytes - a.bytes)[0];
    throw new Error(
      `this config needs ${mib(total)} of GPU memory, over the budget of ${mib(budgetBytes)}; ` +
        `the largest buffer is ${biggest.name} (${mib(biggest.bytes)}): lower ${biggest.knobs}`,
    );
  }
  return total;
}

/** The buffers that grow with the config (the small ones are left out), as the step graph makes them. */
export function planStepBuffers(
  shape: ModelShape,
  data: { trainX: number; valX: number },
  batch: number,
  steps: number,
  paramFloats: number,
  evalRows: number,
): PlannedBuffer[] {
  const rows = steps * batch;
  const act = 'batch_size, timesteps or units';
  const plan: PlannedBuffer[] = [
    {
      name: 'the training inputs',
      bytes: data.trainX * 4,
      knobs: 'the training size or timesteps',
      bound: true,
    },
    {
      name: 'the validation inputs',
      bytes: data.valX * 4,
      knobs: 'the training size or timesteps',
      bound: true,
    },
    {
      name: 'the batch inputs',
      bytes: rows * shape.features * 4,
      knobs: 'batch_size or timesteps',
      bound: true,
    },
    {
      name: 'the evaluation outputs',
      // An encoder–decoder's outputs are T_out·V per row.
      bytes: evalRows * shape.outputs * (shape.decoder?.steps ?? 1) * 4,
      knobs: 'the training size',
      bound: true,
    },
  ];
  for (const name of [
    'parameters',
    'gradients',
    'optimizer state m',
    'optimizer state v',
    'L1/L2 mask',
    'snapshot',
  ]) {
    plan.push({ name: `the ${name}`, bytes: paramFloats * 4, knobs: 'units or layers', bound: true });
  }
  // Per layer: the output and its gradient (both directions side by side), and per direction the
  // buffers its cell kind keeps (contracts/cells.ts); a Bidirectional layer has two of those.
  const dirs = shape.directions;
  const knobs = dirs === 2 ? `${act}, or Bidirectional` : act;
  const gates = CELLS[shape.cell].gates;
  shape.layers.forEach(({ inputSize: inputs, units }, l) => {
    const name = (what: string) => `layer ${l + 1}'s ${what}`;
    for (const what of ['hidden state', 'hidden-state gradient']) {
      plan.push({ name: name(what), bytes: rows * dirs * units * 4, knobs, bound: true });
    }
    const sizes = { cell: shape.cell, rows, batch, steps, inputs, units, gates };
    for (let d = 0; d < dirs; d++) {
      const side = dirs === 2 ? (d === 0 ? 'forward ' : 'reverse ') : '';
      for (const [buffer, { plan: what }] of Object.entries(DIRECTION_BUFFERS)) {
        const floats = directionFloats(sizes, buffer as DirectionBufferName, true);
        if (what && floats > 0) plan.push({ name: name(side + what), bytes: floats * 4, knobs, bound: true });
      }
    }
  });
  if (shape.attention) plan.push(...attentionPlan(shape, batch, steps, knobs));
  // An encoder–decoder's decoder (decoderStage.ts): its buffers grow with the batch and T_out·T_in.
  for (const [what, floats, bound] of decoderPlanFloats(shape, batch, steps)) {
    plan.push({ name: `the decoder's ${what}`, bytes: floats * 4, knobs: act, bound });
  }
  return plan;
}

/**
 * The attention's buffers as stepBuffers.ts allocates them: [T·B] per step (mask, scores, alpha,
 * their gradient de, and the probe's copies of scores and alpha), the additive kind's
 * pre-activations [T·B, A], and the context and its gradient [B, D].
 */
function attentionPlan(shape: ModelShape, batch: number, steps: number, knobs: string): PlannedBuffer[] {
  const attention = shape.attention;
  if (!attention) return [];
  const rows = steps * batch;
  const { inputSize: D, hidden: A } = attention;
  const perStep = 'batch_size or timesteps';
  const buffers: [string, number, string][] = [
    ['mask', rows, perStep],
    ['scores', rows, perStep],
    ['weights', rows, perStep],
    ['score gradients', rows, perStep],
    ['probed scores and weights', 2 * rows, perStep],
    ['context', batch * D, knobs],
    ['context gradient', batch * D, knobs],
  ];
  if (attention.score === 'additive') buffers.push(['pre-activations', rows * A, knobs]);
  return buffers.map(([what, floats, by]) => ({
    name: `the attention's ${what}`,
    bytes: floats * 4,
    knobs: by,
    // The probe's copies sit in the readback buffer, copied into, never bound.
    bound: what !== 'probed scores and weights',
  }));
}
