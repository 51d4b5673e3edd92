/** Every model format, and the file type they are made of (a module of its own: the page loads only this). */
export const MODEL_FORMATS = ['tfjs', 'onnx', 'pytorch', 'keras'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/**
 * The formats that cannot write a text model with attention as the engines run it: the engines
 * leave the padding in front of a short text out of the softmax (attention_padding_mask), and
 * Keras's stock layers, which TF.js's model.json and the Keras script are made of, have no exact
 * form of that mask: Masking would also skip the padding in the recurrent layers (which the
 * engines run over it), and "any feature non-zero" computed from the input needs a custom layer,
 * which TF.js cannot load. (For one-hot rows a fixed Dense(1) adding −C·(1 − Σx) to each score
 * would come close; not written.) ONNX and PyTorch write the mask exactly.
 */
export const PADDING_MASK_REFUSED: readonly ModelFormat[] = ['tfjs', 'keras'];
export const PADDING_MASK_REASON =
  'a text model with attention masks its padding, which Keras’s stock layers (TF.js, the Keras script) cannot express; ONNX and PyTorch write it';

/**
 * The formats that cannot write an encoder–decoder (issue 23) as the engines run it. TF.js's
 * model.json is made of Keras's stock layers, which have no exact form of it: the attention masks
 * the padding in front of a short input (the mask PADDING_MASK_REFUSED is about), and greedy
 * decoding feeds each step's argmax back into the next step, an argmax and one-hot that no stock
 * layer computes (a Lambda would, which TF.js cannot load). The Keras script is written from the
 * same layer list and reads TF.js's weights, so it is refused with it (a Python-only subclassed
 * Keras model could do both; not written: TensorFlow cannot be installed here to run it). PyTorch
 * trains and decodes it; ONNX writes one graph with greedy decoding unrolled (onnxDecoder.ts).
 */
export const SEQ2SEQ_REFUSED: readonly ModelFormat[] = ['tfjs', 'keras'];
export const SEQ2SEQ_EXPORT_REASON =
  'a translation model (encoder–decoder) masks its input’s padding and feeds each decoded character back in, which Keras’s stock layers (TF.js, the Keras script) cannot express; ONNX and PyTorch write it';

/** What a model is, for the formats: text with attention masks its padding; an encoder–decoder. */
export type ExportKind = 'plain' | 'masksPadding' | 'seq2seq';

/** The formats of `formats` that write a model of this kind as the engines run it. */
export function writableFormats(formats: readonly ModelFormat[], kind: ExportKind): ModelFormat[] {
  const refused = kind === 'seq2seq' ? SEQ2SEQ_REFUSED : kind === 'masksPadding' ? PADDING_MASK_REFUSED : [];
  return formats.filter((f) => !refused.includes(f));
}

/** Why a kind of model leaves formats out. */
export const refusalReason = (kind: ExportKind): string =>
  kind === 'seq2seq' ? SEQ2SEQ_EXPORT_REASON : PADDING_MASK_REASON;

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
  mime: string;
}
