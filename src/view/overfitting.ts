/**
 * Where does the model overfit? Where the validation loss has risen clearly above its best while
 * the training loss goes on falling. Per-epoch losses are noisy (dropout, small validation sets, a
 * fast optimizer), so one bad epoch must not shade anything. An epoch is shaded when, on both
 * curves smoothed over 2·radius+1 epochs:
 *
 *   1. the validation loss is above its running minimum (the best epoch so far) by a clear margin:
 *      minRise of that minimum, and at least floor of the curve's highest value (so curves near
 *      zero, like the adding problem's, do not count noise as a rise);
 *   2. the training loss is below its value at that best epoch;
 *   3. the training loss is lower than at the epoch before (still falling);
 *
 * and only minEpochs or more such epochs in a row are shaded. Each shaded stretch is exactly the
 * epochs that meet the rule: an epoch where the training loss rose breaks it (the band used to run
 * from the best epoch to the end of the stretch, over epochs that met none of it).
 *
 * Tested on recorded curves (fixtures/): the overfit preset is shaded from epoch 23 on, with two
 * gaps where its training loss rose; the L2 remedy only over its last five epochs; the adding
 * problem, the dropout remedy and the default run nowhere. The chart's help text says the same in
 * words (i18n key overfittingHelp).
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
  let first = -1; // first epoch index of the current run of shaded epochs
  const close = (last: number) => {
    if (first >= 0 && last - first + 1 >= minEpochs)
      stretches.push({ fromEpoch: points[first].epoch, toEpoch: points[last].epoch });
    first = -1;
  };
  for (let i = 0; i < points.length; i++) {
    if (val[i] < val[best]) best = i;
    const above = val[i] - val[best] > Math.max(minRise * val[best], margin);
    const trainFalling = i > 0 && train[i] < train[i - 1] && train[i] < train[best];
    if (above && trainFalling) {
      if (first < 0) first = i;
    } else close(i - 1);
  }
  close(points.length - 1);
  return stretches;
}
