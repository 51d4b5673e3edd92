import { describe, expect, it } from 'vitest';
import { DataError } from './dataError';
import {
  deriveSpamCorpus,
  labelOfGroup,
  parseSpamCorpus,
  type RawMail,
  SPAM_MIN_WORDS,
  serializeSpamCorpus,
} from './spamCorpus';

const raw = (group: string, id: string, md5: string, subject: string, body = ''): RawMail => ({
  id,
  group,
  checksum: { type: 'MD5', value: md5 },
  text: `From x@y.example  Thu Aug 22 2002\nReceived: from relay.example\nSubject: ${subject}\n\n${body}`,
});

describe('labelOfGroup: the label is the corpus folder’s', () => {
  it('reads ham and spam folders, and refuses anything else', () => {
    expect(['easy-ham-1', 'easy-ham-2', 'hard-ham-1'].map(labelOfGroup)).toEqual(['ham', 'ham', 'ham']);
    expect(['spam-1', 'spam-2'].map(labelOfGroup)).toEqual(['spam', 'spam']);
    for (const bad of ['ham', 'spam', 'easy-spam-1', 'spam-1/x', '']) {
      expect(() => labelOfGroup(bad), bad).toThrow(`Not a SpamAssassin folder: ${bad}`);
    }
  });
});

describe('deriveSpamCorpus: the shipped subset', () => {
  const mails = [
    raw('spam-2', '00009', 'c0', 'win cash now fast'),
    raw('easy-ham-1', '00002', 'a1', 'meeting at noon today'),
    raw('spam-1', '00001', 'b0', 'cheap meds online here'),
    raw('hard-ham-1', '00003', '0f', 'newsletter from your bank'),
    raw('easy-ham-2', '00004', 'ff', 'lunch on friday then'),
    raw('spam-2', '00005', '10', 'Cheap   MEDS online here'), // the same words as b0
    raw('spam-1', '00002', '00', 'hi there'), // too few words
  ];

  it('takes per class the messages with the smallest checksums, each label from its folder', () => {
    const corpus = deriveSpamCorpus(mails, 'test', 2, 3);
    // spam by checksum: 00 (too short), 10, b0 (same words as 10), c0 → 10 and c0.
    // ham by checksum: 0f, a1, ff → 0f and a1.
    expect(corpus.messages).toEqual([
      { id: 'easy-ham-1/00002', label: 'ham', words: 'meeting at noon' },
      { id: 'hard-ham-1/00003', label: 'ham', words: 'newsletter from your' },
      { id: 'spam-2/00005', label: 'spam', words: 'cheap meds online' },
      { id: 'spam-2/00009', label: 'spam', words: 'win cash now' },
    ]);
    expect(corpus).toMatchObject({ source: 'test', license: 'PDDL-1.0 AND CC0-1.0', wordsPerMessage: 3 });
  });

  it('keeps a duplicate once and skips messages under the minimum of words', () => {
    const corpus = deriveSpamCorpus(mails, 'test', 10, 10);
    expect(corpus.messages.filter((m) => m.words === 'cheap meds online here')).toHaveLength(1);
    expect(corpus.messages.every((m) => m.words.split(' ').length >= SPAM_MIN_WORDS)).toBe(true);
    expect(corpus.messages.map((m) => m.id)).not.toContain('spam-1/00002');
  });

  it('is the same file whatever order the package lists its messages in', () => {
    const a = serializeSpamCorpus(deriveSpamCorpus(mails, 'test', 2, 3));
    const b = serializeSpamCorpus(deriveSpamCorpus([...mails].reverse(), 'test', 2, 3));
    expect(b).toBe(a);
  });
});

describe('the shipped file: written and read back', () => {
  const corpus = deriveSpamCorpus([raw('spam-1', '00001', 'b0', 'cheap meds online here')], 'pkg 1.0', 5, 4);

  it('round-trips, one message a line', () => {
    const text = serializeSpamCorpus(corpus);
    expect(text.split('\n')[1]).toBe('["spam-1/00001","spam","cheap meds online here"]');
    expect(parseSpamCorpus(text)).toEqual(corpus);
  });

  it('says what is wrong with a damaged file, as a DataError', () => {
    const cases: [string, string][] = [
      ['<html>proxy</html>', 'spam-assassin.json is not JSON'],
      ['{"wordsPerMessage":4}', 'spam-assassin.json has no messages'],
      ['{"messages":[]}', 'spam-assassin.json has no messages'],
      [
        '{"wordsPerMessage":4,"messages":[["a","eggs","w"]]}',
        'message 1 is not [id, "ham" or "spam", words]',
      ],
      ['{"wordsPerMessage":4,"messages":[["a","ham",3]]}', 'message 1 is not'],
      ['{"wordsPerMessage":4,"messages":[{"id":"a"}]}', 'message 1 is not'],
    ];
    for (const [text, message] of cases) {
      expect(() => parseSpamCorpus(text), text).toThrow(DataError);
      expect(() => parseSpamCorpus(text), text).toThrow(message);
    }
  });
});
