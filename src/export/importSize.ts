import { ImportError } from './importError';

/** Larger than any model the playground trains (4 × 512 units: 8.4 M floats, 34 MB) with room. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const megabytes = (n: number) => (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);

/**
 * Refuses a file set over the size limit before anything is read (the sizes come from the File
 * objects). Its own module, so the page checks sizes without loading the import code.
 */
export function checkImportSize(files: readonly { name: string; size: number }[]): void {
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_IMPORT_BYTES) {
    const name = files.length === 1 ? files[0].name : `${files.length} files`;
    throw new ImportError('tooLarge', {
      file: name,
      size: megabytes(total),
      limit: megabytes(MAX_IMPORT_BYTES),
    });
  }
}
