/**
 * Where does the model overfit? Where the validation loss has left its best value behind for good
 * while the training loss goes on falling. Per-epoch losses are noisy (dropout, small validation
 * sets, a fast optimizer), so one bad epoch must not shade anything:
 *
 *   1. both curves are smoothed over 2·radius+1 epochs;
 *   2. an epoch is "above" when the smoothed validation loss exceeds its running minimum by a
 *      clear margin: minRise of that minimum, and at least floor of the curve's highest value
 *      (so curves near zero, like the adding problem's, do not count noise as a rise);
 *   3. minEpochs or more epochs above in a row, at whose end the smoothed training loss is lower
 *      than at the best epoch, make a stretch; it is shaded from the best epoch to its end.
 *
 * Tested on recorded curves (fixtures/): the overfit preset is shaded after its best epoch; the
 * adding problem, the dropout remedy and the default run are not. The chart's help text says the
 * same in words (i18n key overfittingHelp).
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
  /** Epochs in a row the validation loss must stay above its minimum. */
  minEpochs?: number;
  /** The margin above the running minimum, as a share of that minimum. */
  minRise?: number;
  /** And at least this share of the highest smoothed validation loss. */
  floor?: number;
}

/** The rule's defaults, chosen on the recorded curves (see overfitting.test.ts), and named in the help text. */
export const OVERFIT_RULE = { radius: 2, minEpochs: 3, minRise: 0.2, floor: 0.02 } as const;

export function overfittingStretches(
  points: readonly LossPoint[],
  options: OverfitOptions = {},
): EpochRange[] {
  const { radius, minEpochs, minRise, floor } = { ...OVERFIT_RULE, ...options };
  if (points.length < minEpochs + 1) return [];
  const val = smooth(
    points.map((p) => p.valLoss),
    radius,
  );
  const train = smooth(
    points.map((p) => p.trainLoss),
    radius,
  );
  const margin = floor * Math.max(...val);
  const stretches: EpochRange[] = [];
  let best = 0;
  let first = -1; // first epoch index of the current run of "above" epochs
  let bestOfRun = 0;
  const close = (last: number) => {
    if (first >= 0 && last - first + 1 >= minEpochs && train[last] < train[bestOfRun]) {
      stretches.push({ fromEpoch: points[bestOfRun].epoch, toEpoch: points[last].epoch });
    }
    first = -1;
  };
  for (let i = 0; i < points.length; i++) {
    if (val[i] < val[best]) best = i;
    const above = val[i] - val[best] > Math.max(minRise * val[best], margin);
    if (above && first < 0) {
      first = i;
      bestOfRun = best;
    }
    if (!above) close(i - 1);
  }
  close(points.length - 1);
  return mergeOverlapping(stretches);
}

/** Stretches after the same best epoch are one stretch: a dip back below the margin does not split it. */
function mergeOverlapping(ranges: EpochRange[]): EpochRange[] {
  const out: EpochRange[] = [];
  for (const r of ranges) {
    const prev = out[out.length - 1];
    if (prev && r.fromEpoch <= prev.toEpoch) prev.toEpoch = Math.max(prev.toEpoch, r.toEpoch);
    else out.push({ ...r });
  }
  return out;
}
