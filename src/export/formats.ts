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

/** The formats of `formats` that a model writes as the engines run it (`masksPadding`: text with attention). */
export function writableFormats(formats: readonly ModelFormat[], masksPadding: boolean): ModelFormat[] {
  return masksPadding ? formats.filter((f) => !PADDING_MASK_REFUSED.includes(f)) : [...formats];
}

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
  mime: string;
}
