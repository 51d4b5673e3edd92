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
  /**
   * Sequence to sequence (issue 23): y holds `steps` one-hot output tokens per window, sample-major
   * ([n, steps, vocabulary.length], so outputs = steps · vocabulary.length), and the model is an
   * encoder–decoder. Absent: one target per window.
   */
  target?: SequenceTarget;
}

/** The output side of a sequence-to-sequence dataset: a fixed length and its own vocabulary. */
export interface SequenceTarget {
  /** Output tokens per window (fixed: no output padding). */
  steps: number;
  /** The output symbol of each one-hot index. */
  vocabulary: string[];
}

export interface DatasetSummary {
  name: string;
  task: Task;
  timesteps: number;
  features: number;
  outputs: number;
  trainSize: number;
  valSize: number;
  description: string;
  classNames?: string[];
  featureNames: string[];
  /** One-hot words (a text dataset): the inside views read it word by word. */
  text: boolean;
  /** A sequence-to-sequence dataset's output side (Dataset.target): its model is an encoder–decoder. */
  target?: SequenceTarget;
  /** The first training window's first feature, and its target, for a small preview. */
  preview: { series: number[]; target: number[] };
}

/** Own data the user pasted or uploaded, as text (parsed in the worker with papaparse). */
export interface CustomData {
  name: string;
  kind: 'csv' | 'text';
  text: string;
  /** csv: the column to forecast (regression) or the label column (classification). */
  column?: string;
  task?: Task;
}

/**
 * Own data as the page hands it to the worker: pasted text, or an uploaded file that only the
 * worker reads (customInput.ts), so a large file never holds up the page.
 */
export type CustomInput = CustomData | (Omit<CustomData, 'text'> & { file: Blob });
