import { argInt, argPtr, sliceBegin, sliceEnd } from './abi';

/**
 * gather_batch, mask_rows, sum_rows, last_hidden, last_hidden_backward: the twins of the functions
 * of the same names in src/engine/reference/batchOps.ts (same dims, same buffers in the same
 * order; byte addresses here, with src_off / out_off already added by the caller). Each takes the
 * slice of its work a thread owns. gather_batch and the last_hidden pair copy, mask_rows multiplies
 * (and adds, accumulating) once per element, so they equal the twin bit for bit; sum_rows adds row
 * by row in f32, as the twin does with an f32 out, so it does too.
 */

/** x0 [T·B, F] row t·B + b = x[idx[b], t, ·]; y0 [B, K] row b = y[idx[b], ·]; for b in [b0, b1). */
export function gather_batch(B: i32, T: i32, F: i32, K: i32, idx: usize, x: usize, y: usize, x0: usize, y0: usize, b0: i32, b1: i32): void {
  const rowBytes = <usize>F << 2;
  for (let b = b0; b < b1; b++) {
    const n = <usize>load<u32>(idx + (<usize>b << 2));
    for (let t = 0; t < T; t++) {
      memory.copy(x0 + <usize>(t * B + b) * rowBytes, x + (n * <usize>T + <usize>t) * rowBytes, rowBytes);
    }
    memory.copy(y0 + ((<usize>b * <usize>K) << 2), y + ((n * <usize>K) << 2), <usize>K << 2);
  }
}

/**
 * out [rows, D] = src [rows, D] ⊙ mask [B, D] (row r uses mask row r mod B), rows [r0, r1); with
 * `accumulate`, out += the product (rounded to f32 first, as the twin rounds it).
 */
export function mask_rows(rows: i32, D: i32, B: i32, src: usize, out: usize, mask: usize, accumulate: bool, r0: i32, r1: i32): void {
  const rowBytes = <usize>D << 2;
  for (let r = r0; r < r1; r++) {
    const s = src + <usize>r * rowBytes;
    const o = out + <usize>r * rowBytes;
    const m = mask + <usize>(r % B) * rowBytes;
    let d = 0;
    for (; d + 4 <= D; d += 4) {
      const at = <usize>d << 2;
      const product = f32x4.mul(v128.load(s + at), v128.load(m + at));
      v128.store(o + at, accumulate ? f32x4.add(v128.load(o + at), product) : product);
    }
    for (; d < D; d++) {
      const at = <usize>d << 2;
      const product = load<f32>(s + at) * load<f32>(m + at);
      store<f32>(o + at, accumulate ? load<f32>(o + at) + product : product);
    }
  }
}

/** out [D] = Σ_r src [rows, D], columns [d0, d1), summed row by row. */
export function sum_rows(rows: i32, D: i32, src: usize, out: usize, d0: i32, d1: i32): void {
  const rowBytes = <usize>D << 2;
  let d = d0;
  for (; d + 16 <= d1; d += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = src + (<usize>d << 2);
    for (let r = 0; r < rows; r++) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
      p += rowBytes;
    }
    const o = out + (<usize>d << 2);
    v128.store(o, s0);
    v128.store(o, s1, 16);
    v128.store(o, s2, 32);
    v128.store(o, s3, 48);
  }
  for (; d + 4 <= d1; d += 4) {
    let s = f32x4.splat(0);
    let p = src + (<usize>d << 2);
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += rowBytes;
    }
    v128.store(out + (<usize>d << 2), s);
  }
  for (; d < d1; d++) {
    let s: f32 = 0;
    let p = src + (<usize>d << 2);
    for (let r = 0; r < rows; r++) {
      s += load<f32>(p);
      p += rowBytes;
    }
    store<f32>(out + (<usize>d << 2), s);
  }
}

/**
 * Where entry i of hd [B, dirs·H] sits in h or dH [T·B, dirs·H]: each direction's last step
 * (t = T−1 forward, t = 0 reverse), as the twin's lastPlace. A byte offset.
 */
@inline function lastPlace(B: i32, H: i32, T: i32, dirs: i32, i: i32): usize {
  const W = H * dirs;
  const b = i / W;
  const col = i % W;
  const pos = col / H == 1 ? 0 : T - 1;
  return <usize>((pos * B + b) * W + col) << 2;
}

/** hd [B, dirs·H] = each direction's last h ⊙ mask [B, dirs·H]. */
export function last_hidden(B: i32, H: i32, T: i32, dirs: i32, h: usize, mask: usize, hd: usize): void {
  const n = B * H * dirs;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(hd + at, load<f32>(h + lastPlace(B, H, T, dirs, i)) * load<f32>(mask + at));
  }
}

/** dhd ⊙ mask to where last_hidden read h from, in dH. */
export function last_hidden_backward(B: i32, H: i32, T: i32, dirs: i32, dhd: usize, mask: usize, dH: usize): void {
  const n = B * H * dirs;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(dH + lastPlace(B, H, T, dirs, i), load<f32>(dhd + at) * load<f32>(mask + at));
  }
}

// Jobs. INTS gather: B, T, F, K, idx, x, y, x0, y0 (split by batch row); mask: rows, D, B, src, out,
// mask, accumulate (split by row); sum: rows, D, src, out (split by column, whole groups of 4);
// last_hidden (one thread: B·dirs·H floats): B, H, T, dirs, then the buffers.

export function gatherBatchJob(index: i32, count: i32): void {
  const B = argInt(0);
  const b0 = sliceBegin(B, index, count, 1);
  const b1 = sliceEnd(B, index, count, 1);
  gather_batch(B, argInt(1), argInt(2), argInt(3), argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8), b0, b1);
}

export function maskRowsJob(index: i32, count: i32): void {
  const rows = argInt(0);
  const r0 = sliceBegin(rows, index, count, 1);
  const r1 = sliceEnd(rows, index, count, 1);
  mask_rows(rows, argInt(1), argInt(2), argPtr(3), argPtr(4), argPtr(5), argInt(6) != 0, r0, r1);
}

export function sumRowsJob(index: i32, count: i32): void {
  const D = argInt(1);
  const d0 = sliceBegin(D, index, count, 4);
  const d1 = sliceEnd(D, index, count, 4);
  sum_rows(argInt(0), D, argPtr(2), argPtr(3), d0, d1);
}

export function lastHiddenJob(backward: bool): void {
  if (backward) last_hidden_backward(argInt(0), argInt(1), argInt(2), argInt(3), argPtr(4), argPtr(5), argPtr(6));
  else last_hidden(argInt(0), argInt(1), argInt(2), argInt(3), argPtr(4), argPtr(5), argPtr(6));
}
