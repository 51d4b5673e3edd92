export type Task = 'classification' | 'regression';

/** One split of a dataset. x is [n, timesteps, features] row-major; y is [n, outputs]. */
export interface Split {
  n: number;
  x: Float32Array;
  /** Classification: one-hot rows. Regression: scaled targets. */
  y: Float32Array;
}

export interface Dataset {
  name: string;
  task: Task;
  timesteps: number;
  features: number;
  /** Width of y: the number of classes, or of forecast targets. */
  outputs: number;
  train: Split;
  val: Split;
  featureNames: string[];
  /** Classification: the label of each class index. */
  classNames?: string[];
  /** Regression: target = scaled·std + mean (scaling fitted on the training part only). */
  targetScale?: { mean: number; std: number };
  /** One line for the UI's preview. */
  description: string;
  /**
   * Regression: the input feature that is the target's own history, scaled like the target
   * (so a preview can draw the window and its next value in the same units). Absent otherwise.
   */
  targetFeature?: number;
  /** Text datasets (one-hot tokens): the word of each feature index. */
  vocabulary?: string[];
}
