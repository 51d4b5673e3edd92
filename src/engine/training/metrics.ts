import type { Dataset, Split } from '../../data/types';
import type { ClassificationMetrics, ForecastSample, Metrics, RegressionMetrics } from './report';

/** Validation metrics from a split's targets and the model's outputs [n, K]. */
export function computeMetrics(dataset: Dataset, split: Split, outputs: Float32Array): Metrics {
  if (dataset.target)
    return sequenceMetrics(split, outputs, dataset.target.steps, dataset.target.vocabulary.length);
  return dataset.task === 'classification'
    ? classificationMetrics(split, outputs, dataset.outputs)
    : regressionMetrics(split, outputs, dataset.outputs, dataset.targetScale?.std ?? 1);
}

function argmax(values: Float32Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}

/** Accuracy, macro precision / recall / F1 (a class never predicted has precision 0), confusion. */
export function classificationMetrics(split: Split, outputs: Float32Array, k: number): ClassificationMetrics {
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < split.n; i++) {
    const truth = argmax(split.y, i * k, k);
    const predicted = argmax(outputs, i * k, k);
    confusion[truth][predicted]++;
    if (truth === predicted) correct++;
  }
  return { task: 'classification', accuracy: split.n > 0 ? correct / split.n : 0, ...macroScores(confusion) };
}

/**
 * An encoder–decoder's: windows decoded exactly (accuracy), output characters right, and the
 * scores and confusion over the V output symbols, from y and outputs [n, steps·V] sample-major.
 */
export function sequenceMetrics(
  split: Split,
  outputs: Float32Array,
  steps: number,
  V: number,
): ClassificationMetrics {
  const confusion = Array.from({ length: V }, () => new Array<number>(V).fill(0));
  let exact = 0;
  let characters = 0;
  for (let i = 0; i < split.n; i++) {
    let right = 0;
    for (let s = 0; s < steps; s++) {
      const at = (i * steps + s) * V;
      const truth = argmax(split.y, at, V);
      const predicted = argmax(outputs, at, V);
      confusion[truth][predicted]++;
      if (truth === predicted) right++;
    }
    characters += right;
    if (right === steps) exact++;
  }
  const n = split.n;
  return {
    task: 'classification',
    accuracy: n > 0 ? exact / n : 0,
    characterAccuracy: n > 0 ? characters / (n * steps) : 0,
    ...macroScores(confusion),
  };
}

/** Macro precision, recall and F1 of a confusion matrix (a class never predicted has precision 0). */
function macroScores(confusion: number[][]): Omit<ClassificationMetrics, 'task' | 'accuracy'> {
  const k = confusion.length;
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    let predictedC = 0;
    let actualC = 0;
    for (let j = 0; j < k; j++) {
      predictedC += confusion[j][c];
      actualC += confusion[c][j];
    }
    const p = predictedC > 0 ? tp / predictedC : 0;
    const r = actualC > 0 ? tp / actualC : 0;
    precision += p;
    recall += r;
    f1 += p + r > 0 ? (2 * p * r) / (p + r) : 0;
  }
  return { precision: precision / k, recall: recall / k, f1: f1 / k, confusion };
}

/** MAE and RMSE in the target's own units (the z-score scaling undone through `std`). */
export function regressionMetrics(
  split: Split,
  outputs: Float32Array,
  k: number,
  std: number,
): RegressionMetrics {
  let abs = 0;
  let sq = 0;
  const count = split.n * k;
  for (let i = 0; i < count; i++) {
    const e = outputs[i] - split.y[i];
    abs += Math.abs(e);
    sq += e * e;
  }
  return {
    task: 'regression',
    mae: count > 0 ? (abs / count) * std : 0,
    rmse: count > 0 ? Math.sqrt(sq / count) * std : 0,
  };
}

/** Truth against forecast along the validation windows (first target), in the target's units. */
export function forecastSample(dataset: Dataset, outputs: Float32Array, maxPoints = 240): ForecastSample {
  const { mean, std } = dataset.targetScale ?? { mean: 0, std: 1 };
  const k = dataset.outputs;
  const n = Math.min(dataset.val.n, maxPoints);
  const truth: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < n; i++) {
    truth.push(dataset.val.y[i * k] * std + mean);
    predicted.push(outputs[i * k] * std + mean);
  }
  return { truth, predicted };
}
