import type { DatasetName } from '../model/config';
import { CO2_FILE, type DataFiles, SEATTLE_FILE, SP500_FILE } from './realSeries';
import { SPAM_FILE } from './spamCorpus';

export type { DataFiles } from './realSeries';

/** The shipped files (CSV, and the spam set's JSON) a dataset is built from (none for synthetic and custom sets). */
export function requiredFiles(name: DatasetName): string[] {
  switch (name) {
    case 'seattle-temp':
    case 'seattle-weather':
      return [SEATTLE_FILE];
    case 'sp500':
      return [SP500_FILE];
    case 'co2':
      return [CO2_FILE];
    case 'spam':
      return [SPAM_FILE];
    default:
      return [];
  }
}

/**
 * Reads the files a dataset needs through `read` (fs in Node, fetch in the browser), so that
 * building a dataset stays a pure function of its inputs.
 */
export async function loadDataFiles(
  name: DatasetName,
  read: (file: string) => Promise<string>,
): Promise<DataFiles> {
  const files: DataFiles = {};
  for (const file of requiredFiles(name)) files[file] = await read(file);
  return files;
}
