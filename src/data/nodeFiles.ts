import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SPAM_FILE } from './spamCorpus';
import { buildSpamCorpusFile } from './spamCorpusNode';

/** The vega-datasets package's data folder: the same files Vite ships under /data/. */
const DATA_DIR = fileURLToPath(new URL('../../node_modules/vega-datasets/data/', import.meta.url));

/** spam-assassin.json is derived from its package, as the build derives it; once per process. */
let spamCorpusFile: string | undefined;

/** Reads a shipped data file in Node (CLI, tests): pass to loadDataFiles. */
export function readNodeDataFile(file: string): Promise<string> {
  if (!/^[\w.-]+$/.test(file)) return Promise.reject(new Error(`Not a data file name: ${file}`));
  if (file === SPAM_FILE) {
    spamCorpusFile ??= buildSpamCorpusFile();
    return Promise.resolve(spamCorpusFile);
  }
  return readFile(DATA_DIR + file, 'utf8');
}
