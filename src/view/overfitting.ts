/**
 * Where does the model overfit? The stretches of epochs where the validation loss rises while the
 * training loss keeps falling. Raw per-epoch losses are noisy (dropout, small validation sets), so
 * both curves are smoothed first and short wiggles are ignored.
 */
export interface LossPoint {
  epoch: number;
  trainLoss: number;
  valLoss: number;
}

export interface EpochRange {
  fromEpoch: number;
  toEpoch: number;
}

/** Centered moving average over `radius` neighbours on each side (shrinks at the ends). */
export function smooth(values: readonly number[], radius: number): number[] {
  return values.map((_, i) => {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - radius); j <= Math.min(values.length - 1, i + radius); j++) {
      if (Number.isFinite(values[j])) {
        sum += values[j];
        n++;
      }
    }
    return n > 0 ? sum / n : Number.NaN;
  });
}

export interface OverfitOptions {
  /** Smoothing radius in epochs. */
  radius?: number;
  /** A stretch must span at least this many epochs. */
  minEpochs?: number;
  /** And the smoothed validation loss must rise by this share of its value at the stretch's start. */
  minRise?: number;
}

export function overfittingStretches(
  points: readonly LossPoint[],
  options: OverfitOptions = {},
): EpochRange[] {
  const { radius = 2, minEpochs = 3, minRise = 0.02 } = options;
  if (points.length < minEpochs + 1) return [];
  const val = smooth(
    points.map((p) => p.valLoss),
    radius,
  );
  const train = smooth(
    points.map((p) => p.trainLoss),
    radius,
  );
  const stretches: EpochRange[] = [];
  let start = -1;
  const close = (endIndex: number) => {
    if (start < 0) return;
    const spansEnough = points[endIndex].epoch - points[start].epoch >= minEpochs - 1;
    const rose = val[endIndex] - val[start] > minRise * Math.abs(val[start]);
    if (spansEnough && rose)
      stretches.push({ fromEpoch: points[start].epoch, toEpoch: points[endIndex].epoch });
    start = -1;
  };
  for (let i = 1; i < points.length; i++) {
    const diverging = val[i] > val[i - 1] && train[i] <= train[i - 1];
    if (diverging && start < 0) start = i - 1;
    if (!diverging) close(i - 1);
  }
  close(points.length - 1);
  return mergeClose(stretches, 1);
}

/** Joins stretches separated by at most `gap` epochs: one plateau should not split the shading. */
function mergeClose(ranges: EpochRange[], gap: number): EpochRange[] {
  const out: EpochRange[] = [];
  for (const r of ranges) {
    const prev = out[out.length - 1];
    if (prev && r.fromEpoch - prev.toEpoch <= gap) prev.toEpoch = r.toEpoch;
    else out.push({ ...r });
  }
  return out;
}
