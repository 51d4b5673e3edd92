/**
 * The input strip above the heatmaps: each of the first `max` features of a window x [T, F] as a
 * line scaled to its own range in the window, 0 (its minimum) to 1 (its maximum); a flat feature
 * sits in the middle.
 */
export function inputLines(x: Float32Array, steps: number, features: number, max: number): number[][] {
  return Array.from({ length: Math.min(features, max) }, (_, f) => {
    const values = Array.from({ length: steps }, (_, t) => x[t * features + f]);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return values.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5));
  });
}

/** Steps of a window where a marker feature is on (the adding problem's marked values). */
export function markedSteps(x: Float32Array, steps: number, features: number, feature: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < steps; t++) if (x[t * features + feature] === 1) out.push(t);
  return out;
}

/**
 * Steps to mark on the gradient chart: on the adding problem, the probed window's two marked
 * values (its `marker` feature); elsewhere none.
 */
export function insideMarkers(
  probe: { input: Float32Array; activations: { steps: number } },
  dataset: { name: string; features: number; featureNames: string[] },
): number[] {
  const marker = dataset.featureNames.indexOf('marker');
  if (dataset.name !== 'adding' || marker < 0) return [];
  return markedSteps(probe.input, probe.activations.steps, dataset.features, marker);
}
