/** Every model format, and the file type they are made of (a module of its own: the page loads only this). */
export const MODEL_FORMATS = ['tfjs', 'onnx', 'pytorch', 'keras'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
  mime: string;
}
