import type { MaskParams } from '../contracts/dims';

export type { MaskParams } from '../contracts/dims';
/**
 * Dropout masks from a counter-based hash of (seed, step, stream, index). The WGSL twin in
 * shaders/dropout.wgsl computes the same u32 for the same counters, so both backends drop the
 * same units and a shared link reproduces a run exactly.
 *
 * keep(index) ⇔ dropout_hash(seed, step, stream, index) >= dropout_threshold(rate), compared as
 * u32, so no float rounding can make the two backends disagree. A kept unit is scaled by
 * 1 / (1 - rate) (inverted dropout), a dropped one is 0.
 *
 * Streams: layer l uses 3·l + 0 for its input mask [B, F_l], 3·l + 1 for its recurrent mask [B, H_l];
 * the output dropout before the head uses 3·L + 2 (L = number of layers) with mask [B, H_out]. A
 * Bidirectional layer's reverse direction draws its own masks (Keras's two layers do), from
 * REVERSE_STREAMS + 3·l and + 3·l + 1, so the forward direction's streams are what they always were.
 * index = b · D + d for batch row b and column d; masks are shared by all timesteps (as Keras).
 */

/** lowbias32 (Chris Wellons): a well-mixed 32-bit integer hash. */
export function hash_u32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function dropout_hash(seed: number, step: number, stream: number, index: number): number {
  return hash_u32(hash_u32(hash_u32(hash_u32(seed) ^ step) ^ stream) ^ index);
}

/** The u32 at or above which a unit is kept. */
export function dropout_threshold(rate: number): number {
  if (rate <= 0) return 0;
  return Math.min(0xffffffff, Math.floor(rate * 4294967296)) >>> 0;
}

const REVERSE_STREAMS = 1024;

export const dropoutStream = {
  input: (layer: number, direction = 0) => direction * REVERSE_STREAMS + 3 * layer,
  recurrent: (layer: number, direction = 0) => direction * REVERSE_STREAMS + 3 * layer + 1,
  output: (numLayers: number) => 3 * numLayers + 2,
};

export function maskParams(seed: number, stream: number, rate: number, count: number): MaskParams {
  return {
    seed: seed >>> 0,
    stream,
    threshold: dropout_threshold(rate),
    count,
    scale: rate <= 0 ? 1 : Math.fround(1 / (1 - rate)),
  };
}

/**
 * dropout_mask(params, step, mask): mask [count] = scale where dropout_hash(seed, step, stream, i)
 * ≥ threshold, else 0 (i = b·D + d). The twin of the kernel of the same name, bit for bit.
 */
export function dropout_mask(params: MaskParams, step: number, mask: Float32Array | Float64Array): void {
  const { seed, stream, threshold, count, scale } = params;
  // Threshold 0 keeps every entry whatever the hash: the same ones, without hashing them.
  if (threshold === 0) {
    mask.fill(scale, 0, count);
    return;
  }
  for (let i = 0; i < count; i++) {
    mask[i] = dropout_hash(seed, step, stream, i) >= threshold ? scale : 0;
  }
}
