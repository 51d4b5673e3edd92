import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  ATTENTION_CASES,
  EXPORT_CASES,
  maxAbsDiff,
  TEXT_ATTENTION_CASES,
  TRANSLATION_CASES,
  TRANSLATION_EPOCHS,
  trainedModel,
} from '../../test/support/export/trainedModel';
import { decodeDateOutput } from '../data/dates';
import { modelSpecOf } from './modelSpec';
import { onnx } from './onnx/onnxProto.js';
import { ONNX_SYMBOLS } from './onnxDecoder';
import { ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT, onnxModel } from './onnxModel';

/**
 * onnxruntime-node (the CPU runtime inside the npm package) runs the ONNX export on the
 * validation split; it must match our engine's outputs within 1e-5, as TF.js must. Measured worst
 * |onnxruntime − ours| 4.5e-7 over the eight cases (Bidirectional SimpleRNN on co2; the others
 * 2.2e-8–1.2e-7), a margin of ~20×. Breaking the writer moves it far past the bound: LSTM gate
 * blocks in Keras's order (i, f, c, o instead of i, o, f, c) 0.05–0.4; GRU with
 * linear_before_reset = 0 5.4e-3–4.1e-2; a Bidirectional layer's directions swapped 0.04–1.5.
 */
const TOLERANCE = 1e-5;

describe('the ONNX export', () => {
  /**
   * Attention in standard operators (MatMul, Add, Tanh, Softmax over the steps, Mul, ReduceSum):
   * measured worst |onnxruntime − ours| over the four cases 2.2e-8–1.2e-7 (GRU), the bound the same
   * 1e-5 (~80×). With W written transposed ([A, D] read as [D, A]) 0.013–0.047; with the dot
   * score's q reversed 0.014. Text (TEXT_ATTENTION_CASES, the padding masked): 6.0e-8 on both;
   * without the mask 0.061–0.067.
   */
  it.each([
    ...Object.entries(EXPORT_CASES),
    ...Object.entries(ATTENTION_CASES),
    ...Object.entries(TEXT_ATTENTION_CASES),
  ])('%s: onnxruntime predicts what our engine does', async (_, query) => {
    const trained = await trainedModel(query);
    const { dataset } = trained;
    const bytes = onnxModel(modelSpecOf(trained.config, dataset), trained.weights, {
      link: query,
      epochsTrained: 2,
    });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual([ONNX_INPUT]);
    expect(session.outputNames).toEqual([ONNX_OUTPUT]);
    const x = new ort.Tensor('float32', dataset.val.x, [dataset.val.n, dataset.timesteps, dataset.features]);
    const result = await session.run({ [ONNX_INPUT]: x });
    const predicted = result[ONNX_OUTPUT].data as Float32Array;
    expect(result[ONNX_OUTPUT].dims).toEqual([dataset.val.n, dataset.outputs]);
    const worst = maxAbsDiff(predicted, trained.valOutputs);
    expect(worst, `max |onnxruntime − ours| = ${worst}`).toBeLessThan(TOLERANCE);
    await session.release();
  });

  it('text: a window with no real step attends to every step (the unmasked model’s output), as the engines do', async () => {
    const trained = await trainedModel(
      TEXT_ATTENTION_CASES['LSTM(6) → additive attention, sentiment (padded reviews)'],
      1,
    );
    const { dataset } = trained;
    const spec = modelSpecOf(trained.config, dataset);
    const unmasked = modelSpecOf(trained.config, { ...dataset, vocabulary: undefined });
    expect(spec.model.some((l) => l.kind === 'attention' && l.maskPadding)).toBe(true);
    const zeros = new ort.Tensor('float32', new Float32Array(dataset.timesteps * dataset.features), [
      1,
      dataset.timesteps,
      dataset.features,
    ]);
    const outputs = [];
    for (const s of [spec, unmasked]) {
      const session = await ort.InferenceSession.create(
        onnxModel(s, trained.weights, { link: '', epochsTrained: 1 }),
      );
      outputs.push((await session.run({ [ONNX_INPUT]: zeros }))[ONNX_OUTPUT].data as Float32Array);
      await session.release();
    }
    expect(outputs[0].every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(outputs[0], outputs[1])).toBeLessThan(TOLERANCE);
  });

  it('writes GRU with linear_before_reset = 1 and a Bidirectional layer as direction "bidirectional"', async () => {
    const trained = await trainedModel(
      EXPORT_CASES['Bidirectional GRU(5)→GRU(3), classification (tenclass)'],
      1,
    );
    const model = onnx.ModelProto.decode(
      onnxModel(modelSpecOf(trained.config, trained.dataset), trained.weights, {
        link: '',
        epochsTrained: 1,
      }),
    );
    const grus = model.graph?.node?.filter((n) => n.opType === 'GRU') ?? [];
    expect(grus).toHaveLength(2);
    for (const gru of grus) {
      const attr = Object.fromEntries(
        (gru.attribute ?? []).map((a) => [a.name, a.s?.length ? new TextDecoder().decode(a.s) : Number(a.i)]),
      );
      expect(attr).toMatchObject({ linear_before_reset: 1, direction: 'bidirectional' });
    }
    const dims = Object.fromEntries(
      model.graph?.initializer?.map((t) => [t.name, (t.dims ?? []).map(Number)]) ?? [],
    );
    expect(dims).toMatchObject({
      gru_0_W: [2, 15, 8],
      gru_0_R: [2, 15, 5],
      gru_0_B: [2, 30],
      gru_1_W: [2, 9, 10],
    });
  });

  it('declares a current opset and carries the run link in its metadata', async () => {
    const trained = await trainedModel(EXPORT_CASES['LSTM(8)→LSTM(5), classification (tenclass)'], 1);
    const bytes = onnxModel(modelSpecOf(trained.config, trained.dataset), trained.weights, {
      link: 'd=tenclass',
      epochsTrained: 1,
    });
    const model = onnx.ModelProto.decode(bytes);
    expect(Number(model.opsetImport[0].version)).toBe(ONNX_OPSET);
    expect(model.graph?.node?.map((n) => n.opType)).toEqual([
      'Transpose',
      'LSTM',
      'Transpose',
      'Reshape',
      'LSTM',
      'Transpose',
      'Reshape',
      'Gemm',
      'Softmax',
    ]);
    expect(model.metadataProps.find((p) => p.key === 'lstm_playground_link')?.value).toBe('d=tenclass');
  });

  it('writes attention in standard operators, the head reading its context', async () => {
    const query =
      ATTENTION_CASES['LSTM(6) → additive attention, classification (tenclass), output dropout, L2'];
    const trained = await trainedModel(query, 1);
    const model = onnx.ModelProto.decode(
      onnxModel(modelSpecOf(trained.config, trained.dataset), trained.weights, {
        link: '',
        epochsTrained: 1,
      }),
    );
    expect(model.graph?.node?.map((n) => n.opType)).toEqual([
      'Transpose',
      'LSTM',
      'Transpose',
      'Reshape',
      'MatMul',
      'Add',
      'Tanh',
      'MatMul',
      'Softmax',
      'Mul',
      'ReduceSum',
      'Gemm',
      'Softmax',
    ]);
    const dims = Object.fromEntries(
      model.graph?.initializer?.map((t) => [t.name, (t.dims ?? []).map(Number)]) ?? [],
    );
    expect(dims).toMatchObject({ attention_W: [6, 6], attention_b: [6], attention_v: [6, 1] });
  });
});

describe('the ONNX export of a translation model (encoder–decoder, issue 23)', () => {
  /**
   * One graph, greedy decoding unrolled over the T_out steps (onnxDecoder.ts says why): one
   * onnxruntime run on the validation split returns each step's probabilities and the chosen
   * symbols, which must be our engine's greedy decoding. Measured worst |onnxruntime − ours| over
   * the probabilities 7.7e-7 and 4.8e-7, every string the same; bound 1e-5 as for the other ONNX
   * checks (~13×). With the combine's input concatenated [s, c] instead of [c, s], 0.998 and all 128
   * strings differ; without the padding mask 0.996–0.998 and 109 and 123 strings differ.
   */
  it.each(Object.entries(TRANSLATION_CASES))(
    '%s: one run translates as our engine does',
    async (_, query) => {
      const trained = await trainedModel(query, TRANSLATION_EPOCHS);
      const { dataset } = trained;
      const bytes = onnxModel(modelSpecOf(trained.config, dataset), trained.weights, {
        link: query,
        epochsTrained: 2,
      });
      const graph = onnx.ModelProto.decode(bytes).graph;
      const ops = graph?.node?.map((n) => n.opType) ?? [];
      expect(ops).not.toContain('Loop');
      expect(ops.filter((op) => op === 'ArgMax')).toHaveLength(10);
      const session = await ort.InferenceSession.create(bytes);
      expect(session.inputNames).toEqual([ONNX_INPUT]);
      expect(session.outputNames).toEqual([ONNX_OUTPUT, ONNX_SYMBOLS]);
      const x = new ort.Tensor('float32', dataset.val.x, [
        dataset.val.n,
        dataset.timesteps,
        dataset.features,
      ]);
      const result = await session.run({ [ONNX_INPUT]: x });
      const { n } = dataset.val;
      expect(result[ONNX_OUTPUT].dims).toEqual([n, 10, 11]);
      expect(result[ONNX_SYMBOLS].dims).toEqual([n, 10]);
      const worst = maxAbsDiff(result[ONNX_OUTPUT].data as Float32Array, trained.valOutputs);
      const symbols = Array.from(result[ONNX_SYMBOLS].data as BigInt64Array, Number);
      const vocabulary = dataset.target?.vocabulary ?? [];
      const theirs = Array.from({ length: n }, (_, i) =>
        symbols
          .slice(i * 10, (i + 1) * 10)
          .map((k) => vocabulary[k])
          .join(''),
      );
      const ours = Array.from({ length: n }, (_, i) =>
        decodeDateOutput(trained.valOutputs, i * dataset.outputs),
      );
      expect(new Set(ours).size, 'the model spells different dates').toBeGreaterThan(n / 4);
      expect(theirs).toEqual(ours);
      expect(worst, `max |onnxruntime − ours| = ${worst}`).toBeLessThan(TOLERANCE);
      await session.release();
    },
  );
});
