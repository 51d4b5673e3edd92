import { DataError } from './dataError';
import type { CustomData, CustomInput } from './types';

/**
 * The largest file (or pasted text) the page takes: 20 MiB. The CSV row limit (20,000 data rows)
 * makes a larger file pointless (20 MiB is already 1 KiB a row), and reading one into a browser
 * tab costs several times its size in memory. Refused by its size, before a byte is read.
 */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** "20 MB", "3.4 MB", "512 KB": sizes as the refusal names them (binary units, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** Throws a DataError naming the limit when `bytes` is over it. */
export function checkFileSize(bytes: number): void {
  if (bytes > MAX_FILE_BYTES) {
    throw new DataError(
      `The file is ${formatBytes(bytes)}; the limit is ${formatBytes(MAX_FILE_BYTES)}. Use fewer rows or columns.`,
    );
  }
}

/** The input's text: a file is checked by its size first, then read (in the worker). */
export async function readCustomInput(input: CustomInput): Promise<CustomData> {
  if ('text' in input) {
    checkFileSize(input.text.length);
    return input;
  }
  const { file, ...rest } = input;
  checkFileSize(file.size);
  return { ...rest, text: await file.text() };
}
