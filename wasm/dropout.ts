import { argInt, argPtr, sliceBegin, sliceEnd } from './abi';

/**
 * dropout_mask: the twin of the function of the same name in src/engine/reference/dropout.ts, bit
 * for bit. mask[i] = scale where dropout_hash(seed, step, stream, i) ≥ threshold (as u32), else 0,
 * for i in [i0, i1). The first three rounds of the hash do not depend on i; the last runs on four
 * indices at once in i32x4 lanes (lowbias32 needs only xor, shifts and 32-bit multiplies).
 */

@inline function hash_u32(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x7feb352d;
  x ^= x >>> 15;
  x *= 0x846ca68b;
  x ^= x >>> 16;
  return x;
}

@inline function hash_u32x4(x: v128): v128 {
  x = v128.xor(x, i32x4.shr_u(x, 16));
  x = i32x4.mul(x, i32x4.splat(0x7feb352d));
  x = v128.xor(x, i32x4.shr_u(x, 15));
  x = i32x4.mul(x, i32x4.splat(<i32>0x846ca68b));
  x = v128.xor(x, i32x4.shr_u(x, 16));
  return x;
}

export function dropout_mask(seed: u32, stream: u32, threshold: u32, scale: f32, step: u32, mask: usize, i0: i32, i1: i32): void {
  if (threshold == 0) {
    for (let i = i0; i < i1; i++) store<f32>(mask + (<usize>i << 2), scale);
    return;
  }
  const base = hash_u32(hash_u32(hash_u32(seed) ^ step) ^ stream);
  const keep = f32x4.splat(scale);
  const drop = f32x4.splat(0);
  const limit = i32x4.splat(<i32>threshold);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const index = i32x4.add(i32x4.splat(i), i32x4(0, 1, 2, 3));
    const h = hash_u32x4(v128.xor(index, i32x4.splat(<i32>base)));
    v128.store(mask + (<usize>i << 2), v128.bitselect(keep, drop, i32x4.ge_u(h, limit)));
  }
  for (; i < i1; i++) store<f32>(mask + (<usize>i << 2), hash_u32(base ^ <u32>i) >= threshold ? scale : 0);
}

// Job. INTS: seed, stream, threshold, count, step, mask; FLOATS: scale. Split by entry, groups of 4.
export function dropoutMaskJob(index: i32, count: i32, scale: f32): void {
  const n = argInt(3);
  const i0 = sliceBegin(n, index, count, 4);
  const i1 = sliceEnd(n, index, count, 4);
  dropout_mask(<u32>argInt(0), <u32>argInt(1), <u32>argInt(2), scale, <u32>argInt(4), argPtr(5), i0, i1);
}
