import type { DatasetConfig } from '../model/config';
import { describeColumn, findColumn, parseCsv, parseTextLines } from './csv';
import { DataError } from './dataError';
import type { Prng } from './prng';
import { buildSeriesDataset } from './series';
import { allocateSplit } from './splits';
import { tokenize, writeLabel, writeOneHot } from './text';
import type { CustomData, Dataset } from './types';

/** Classes a label column may have. */
export const MAX_CLASSES = 50;
/** Words kept for one-hot text (the most frequent in the training lines); the rest are <unk>. */
export const MAX_VOCABULARY = 500;
export const UNKNOWN_WORD = '<unk>';

/**
 * The user's own data. CSV: a time series, one row per step; the numeric columns are the inputs;
 * `column` (default: the last) is forecast at the next row (regression) or its label at the next
 * row is classified (classification; default when the column is not numeric). Text: one labelled
 * line per sample.
 */
export function buildCustom(config: DatasetConfig, custom: CustomData, prng: Prng): Dataset {
  return custom.kind === 'text'
    ? buildCustomText(config, custom, prng)
    : buildCustomCsv(config, custom, prng);
}

function buildCustomCsv(config: DatasetConfig, custom: CustomData, prng: Prng): Dataset {
  const table = parseCsv(custom.text);
  const T = config.timesteps;
  if (table.cells.length < T + 1) {
    throw new DataError(
      `The CSV has ${table.cells.length} data rows; timesteps ${T} needs at least ${T + 1} ` +
        '(a window and the row after it).',
    );
  }
  const targetIndex = custom.column ? findColumn(table, custom.column) : table.columns.length - 1;
  const targetName = table.columns[targetIndex];
  const task = custom.task ?? (table.numeric[targetIndex] ? 'regression' : 'classification');
  const label = `${custom.name || 'Your CSV'}`;

  if (task === 'regression') {
    const values = table.numeric[targetIndex];
    if (table.cells.every((row) => row[targetIndex] === '')) {
      throw new DataError(`${describeColumn(table, targetIndex)} is empty, so it cannot be forecast.`, {
        column: targetName,
      });
    }
    if (!values) {
      throw new DataError(
        `${describeColumn(table, targetIndex)} is not numeric, so it cannot be forecast; ` +
          'choose a numeric column or classification.',
        { column: targetName },
      );
    }
    const features = numericFeatures(table, -1);
    return buildSeriesDataset(
      {
        name: 'custom',
        description: `${label}: forecast "${targetName}" at the next row from ${T} rows.`,
        features,
        target: { task, values, featureIndex: features.findIndex((f) => f.name === targetName) },
      },
      config,
      prng,
    );
  }

  const classNames: string[] = [];
  const labels = Int32Array.from(table.cells, (row, r) => {
    const value = row[targetIndex];
    if (value === '') {
      const where = { row: table.rowNumbers[r], column: targetName };
      throw new DataError(
        `Row ${where.row}, ${describeColumn(table, targetIndex)}: the label is empty.`,
        where,
      );
    }
    let index = classNames.indexOf(value);
    if (index < 0) index = classNames.push(value) - 1;
    return index;
  });
  checkClasses(classNames, `${describeColumn(table, targetIndex)}`);
  return buildSeriesDataset(
    {
      name: 'custom',
      description: `${label}: classify "${targetName}" at the next row from ${T} rows.`,
      features: numericFeatures(table, targetIndex),
      target: { task, labels, classNames },
    },
    config,
    prng,
  );
}

function numericFeatures(table: ReturnType<typeof parseCsv>, exclude: number) {
  const features = table.columns.flatMap((name, c) => {
    const values = table.numeric[c];
    return values && c !== exclude ? [{ name, values }] : [];
  });
  if (features.length === 0) {
    throw new DataError(
      `The CSV has no usable numeric column for inputs (columns: ${table.columns.join(', ')}).`,
    );
  }
  return features;
}

function checkClasses(classNames: string[], where: string): void {
  if (classNames.length < 2)
    throw new DataError(`${where} has only one class; classification needs two or more.`);
  if (classNames.length > MAX_CLASSES) {
    throw new DataError(`${where} has ${classNames.length} classes; the limit is ${MAX_CLASSES}.`);
  }
}

/**
 * Labelled lines → one-hot words: x [n, T, V+1] (the last feature is <unk>), y [n, K]. Lines are
 * shuffled (seeded) before the split, since they have no time order; the vocabulary comes from
 * the training lines only, so validation words the model never saw count as unknown.
 */
function buildCustomText(config: DatasetConfig, custom: CustomData, prng: Prng): Dataset {
  const lines = parseTextLines(custom.text);
  const T = config.timesteps;
  const classNames = [...new Set(lines.map((l) => l.label))];
  checkClasses(classNames, 'The text');
  if (lines.length < 2) throw new DataError('The text needs at least two lines (training and validation).');
  const order = prng.fork(0).shuffle(Array.from(lines.keys()));
  const nVal = Math.min(lines.length - 1, Math.max(1, Math.round(lines.length * config.valFraction)));
  const valLines = order.slice(0, nVal).map((i) => lines[i]);
  const trainLines = order
    .slice(nVal)
    .slice(0, config.trainSize)
    .map((i) => lines[i]);

  const counts = new Map<string, number>();
  for (const line of trainLines) for (const w of tokenize(line.text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  // Stable sort: equally frequent words keep their first-seen order.
  const words = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!).slice(0, MAX_VOCABULARY);
  const vocabulary = [...words, UNKNOWN_WORD];
  const ids = new Map(words.map((w, i) => [w, i]));
  const F = vocabulary.length;
  const K = classNames.length;

  const encode = (subset: typeof lines, name: string) => {
    const split = allocateSplit(subset.length, T, F, K, name);
    subset.forEach((line, i) => {
      writeOneHot(
        split,
        i,
        tokenize(line.text).map((w) => ids.get(w) ?? F - 1),
        T,
        F,
      );
      writeLabel(split, i, classNames.indexOf(line.label), K);
    });
    return split;
  };
  return {
    name: 'custom',
    task: 'classification',
    timesteps: T,
    features: F,
    outputs: K,
    train: encode(trainLines, 'training'),
    val: encode(valLines, 'validation'),
    featureNames: vocabulary,
    vocabulary,
    classNames,
    description: `${custom.name || 'Your text'}: ${lines.length} labelled lines, ${K} classes, ${words.length} words.`,
  };
}
