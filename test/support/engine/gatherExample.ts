/**
 * gather_batch worked by hand: 3 samples of T = 2 timesteps and F = 2 features, x[n][t][f] =
 * 100·n + 10·t + f (so every value names where it came from), targets y[n] = [n + 1, −(n + 1)]
 * (K = 2), rows [2, 0, 2] (a repeat, as evaluation's padded last chunk has).
 * x0 is time-major [T·B, F]: row t·B + b holds sample rows[b] at timestep t.
 */
export const GATHER_EXAMPLE = {
  dims: { batch: 3, steps: 2, features: 2, outputs: 2 },
  idx: Uint32Array.of(2, 0, 2),
  x: Float32Array.of(0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211),
  y: Float32Array.of(1, -1, 2, -2, 3, -3),
  // t = 0: samples 2, 0, 2; t = 1: samples 2, 0, 2.
  x0: [200, 201, 0, 1, 200, 201, 210, 211, 10, 11, 210, 211],
  y0: [3, -3, 1, -1, 3, -3],
};
