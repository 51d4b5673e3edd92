import type { Floats } from './types';

/**
 * One LSTM timestep for a batch, forward and backward (MATH.md). Gate-interleaved columns: column
 * 4·j + g is gate g ∈ {i, f, g, o} of unit j, so one unit's four gates sit side by side.
 *
 * lstm_cell_forward(h, c, gates, zx, hPrev, cPrev, U, recMask, B, H)
 *   h      [B, H]   out: h_t = o·tanh(c_t)
 *   c      [B, H]   out: c_t = f·c_{t-1} + i·g
 *   gates  [B, 4H]  out: post-activation gates (σ(i), σ(f), tanh(g), σ(o)), kept for backward
 *   zx     [B, 4H]  in: this timestep's slice of Zx = Xd·W + b (bias included)
 *   hPrev  [B, H]   in: h_{t-1}, or null for the zero state at t = 0
 *   cPrev  [B, H]   in: c_{t-1}, or null for the zero state
 *   U      [H, 4H]  recurrent kernel
 *   recMask [B, H]  recurrent dropout mask on h_{t-1}, or null (all ones)
 *
 * lstm_cell_backward(dz, dhRec, dcPrev, dh, dc, gates, c, cPrev, U, recMask, B, H)
 *   dz     [B, 4H]  out: gradient of the gate pre-activations z_t (overwritten)
 *   dhRec  [B, H]   ACCUMULATES (+=) (dz·Uᵀ) ⊙ recMask, the gradient reaching h_{t-1} through U;
 *                  the caller passes row t−1 of dH so it becomes part of the next step's total dh.
 *                  null at t = 0 (h_{-1} is a constant), which skips that product.
 *   dcPrev [B, H]   out: dc_{t-1} = dct·f (overwritten); may be the same array as dc
 *   dh     [B, H]   in: total gradient at h_t (from above plus the recurrent path)
 *   dc     [B, H]   in: gradient at c_t from step t+1 (zeros at t = T−1)
 *   gates  [B, 4H]  in: post-activation gates saved by forward
 *   c      [B, H]   in: c_t;  cPrev [B, H] in: c_{t-1} or null (zeros)
 *   U, recMask      as in forward
 */

export function lstm_cell_forward(
  h: Floats,
  c: Floats,
  gates: Floats,
  zx: Floats,
  hPrev: Floats | null,
  cPrev: Floats | null,
  U: Floats,
  recMask: Floats | null,
  B: number,
  H: number,
): void {
  const G = 4 * H;
  // gates may be the very array zx is (the model stores Zx where the gates go): copy by hand,
  // which is then a no-op, and allocates no subarray view inside the time loop.
  if (gates !== zx) for (let i = 0; i < B * G; i++) gates[i] = zx[i];
  if (hPrev) {
    // z += (hPrev ⊙ recMask)·U, i-k-j with k unrolled by 4; masked-out units cost nothing.
    for (let b = 0; b < B; b++) {
      const z0 = b * G;
      const r0 = b * H;
      let k = 0;
      for (; k + 3 < H; k += 4) {
        let a0 = hPrev[r0 + k];
        let a1 = hPrev[r0 + k + 1];
        let a2 = hPrev[r0 + k + 2];
        let a3 = hPrev[r0 + k + 3];
        if (recMask) {
          a0 *= recMask[r0 + k];
          a1 *= recMask[r0 + k + 1];
          a2 *= recMask[r0 + k + 2];
          a3 *= recMask[r0 + k + 3];
        }
        if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
        const u0 = k * G;
        const u1 = u0 + G;
        const u2 = u1 + G;
        const u3 = u2 + G;
        for (let j = 0; j < G; j++) {
          gates[z0 + j] += a0 * U[u0 + j] + a1 * U[u1 + j] + a2 * U[u2 + j] + a3 * U[u3 + j];
        }
      }
      for (; k < H; k++) {
        const a = recMask ? hPrev[r0 + k] * recMask[r0 + k] : hPrev[r0 + k];
        const u0 = k * G;
        for (let j = 0; j < G; j++) gates[z0 + j] += a * U[u0 + j];
      }
    }
  }
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const z = b * G + 4 * j;
      const ig = sigmoid(gates[z]);
      const fg = sigmoid(gates[z + 1]);
      const gg = Math.tanh(gates[z + 2]);
      const og = sigmoid(gates[z + 3]);
      gates[z] = ig;
      gates[z + 1] = fg;
      gates[z + 2] = gg;
      gates[z + 3] = og;
      const n = b * H + j;
      const ct = (cPrev ? fg * cPrev[n] : 0) + ig * gg;
      c[n] = ct;
      h[n] = og * Math.tanh(ct);
    }
  }
}

export function lstm_cell_backward(
  dz: Floats,
  dhRec: Floats | null,
  dcPrev: Floats,
  dh: Floats,
  dc: Floats,
  gates: Floats,
  c: Floats,
  cPrev: Floats | null,
  U: Floats,
  recMask: Floats | null,
  B: number,
  H: number,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const n = b * H + j;
      const z = b * G + 4 * j;
      const ig = gates[z];
      const fg = gates[z + 1];
      const gg = gates[z + 2];
      const og = gates[z + 3];
      const tc = Math.tanh(c[n]);
      const dhn = dh[n];
      const dct = dc[n] + dhn * og * (1 - tc * tc);
      dz[z] = dct * gg * ig * (1 - ig);
      dz[z + 1] = cPrev ? dct * cPrev[n] * fg * (1 - fg) : 0;
      dz[z + 2] = dct * ig * (1 - gg * gg);
      dz[z + 3] = dhn * tc * og * (1 - og);
      dcPrev[n] = dct * fg;
    }
  }
  if (!dhRec) return;
  // dhRec[b, k] += recMask[b, k] · Σ_j dz[b, j]·U[k, j]: a dot over 4H, both rows contiguous.
  for (let b = 0; b < B; b++) {
    const z0 = b * G;
    for (let k = 0; k < H; k++) {
      const m = recMask ? recMask[b * H + k] : 1;
      if (m === 0) continue;
      const u0 = k * G;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < G; j += 4) {
        s0 += dz[z0 + j] * U[u0 + j];
        s1 += dz[z0 + j + 1] * U[u0 + j + 1];
        s2 += dz[z0 + j + 2] * U[u0 + j + 2];
        s3 += dz[z0 + j + 3] * U[u0 + j + 3];
      }
      dhRec[b * H + k] += m * (s0 + s1 + s2 + s3);
    }
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
