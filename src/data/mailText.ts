import { tokenize } from './text';

/**
 * The words a reader sees in one raw e-mail (RFC 822 headers, MIME body): the subject, then the
 * body's text. Headers other than the subject are dropped (they carry the mail servers' names,
 * which would let a model spot a spam trap instead of reading), and so are the subject's bracketed
 * tags ("[ILUG]", "[ADV]": a mailing list's or a sender's label, not the message); multipart bodies give their
 * text/plain parts (text/html when there is none); quoted-printable and base64 are decoded; HTML
 * tags, entities, URLs, e-mail addresses and anything with a digit are dropped. Words are
 * lower-case runs of a–z (and '), as text.ts's tokenizer reads them.
 */
export function mailWords(raw: string): string[] {
  const { headers, body } = splitEntity(raw);
  const subject = withoutTags(decodeEncodedWords(headers.get('subject') ?? ''));
  return [...cleanWords(subject), ...cleanWords(entityText(headers, body, 0))];
}

/** The subject without its one-word bracketed tags ("Re: [ILUG] modems" → "Re:  modems"). */
export const withoutTags = (subject: string): string => subject.replace(/\[[^\]\s]{1,40}\]/g, ' ');

/** Longest word kept: longer runs are base64 or markup debris, not words. */
export const MAX_WORD_LENGTH = 20;

type Headers = Map<string, string>;

/** Headers (lower-case names, folded lines joined) and the body after the first blank line. */
export function splitEntity(raw: string): { headers: Headers; body: string } {
  const text = raw.replace(/\r\n?/g, '\n');
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const headers: Headers = new Map();
  let last = '';
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && last) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const match = /^([!-9;-~]+):\s*(.*)$/.exec(line);
    if (!match) continue; // the mbox "From sender date" line, or noise
    last = match[1].toLowerCase();
    if (!headers.has(last)) headers.set(last, match[2]);
  }
  return { headers, body };
}

/** Nesting deeper than this is not a mail reader's text any more. */
const MAX_DEPTH = 8;

/** The readable text of an entity: its decoded text, or its text parts', HTML turned to text. */
function entityText(headers: Headers, body: string, depth: number): string {
  const contentType = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(headers.get('content-type') ?? '');
    const marker = boundary?.[1] ?? boundary?.[2];
    if (!marker || depth >= MAX_DEPTH) return '';
    const parts = multipartParts(body, marker).map(splitEntity);
    const texts = (type: string) =>
      parts
        .filter((p) => (p.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(type))
        .map((p) => entityText(p.headers, p.body, depth + 1));
    const plain = [...texts('text/plain'), ...texts('multipart/')].filter((t) => t.trim() !== '');
    return (plain.length > 0 ? plain : texts('text/html')).join('\n');
  }
  if (!contentType.startsWith('text/')) return ''; // images, attachments
  if (/attachment/i.test(headers.get('content-disposition') ?? '')) return '';
  const decoded = decodeTransfer(body, headers.get('content-transfer-encoding') ?? '');
  return contentType.startsWith('text/html') ? htmlText(decoded) : decoded;
}

/** The parts between "--boundary" lines, up to "--boundary--". */
export function multipartParts(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    const closing = trimmed === `--${boundary}--`;
    if (closing || trimmed === `--${boundary}`) {
      if (current) parts.push(current.join('\n'));
      current = closing ? null : [];
      if (closing) return parts;
    } else current?.push(line);
  }
  if (current && current.length > 0) parts.push(current.join('\n'));
  return parts;
}

/** Content-Transfer-Encoding: quoted-printable and base64 decoded (as Latin-1 bytes); others as they are. */
export function decodeTransfer(body: string, encoding: string): string {
  const kind = encoding.trim().toLowerCase();
  if (kind === 'quoted-printable') return decodeQuotedPrintable(body);
  if (kind === 'base64') return decodeBase64(body);
  return body;
}

export function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=[ \t]*\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function decodeBase64(text: string): string {
  // atob reads unpadded base64 too; a length of 4k + 1 is a broken last character, dropped.
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  try {
    return atob(clean.length % 4 === 1 ? clean.slice(0, -1) : clean);
  } catch {
    return '';
  }
}

/** RFC 2047 words in a header (=?charset?Q?...?= / =?charset?B?...?=), decoded as Latin-1. */
export function decodeEncodedWords(header: string): string {
  return header.replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'Q' ? decodeQuotedPrintable(text.replace(/_/g, ' ')) : decodeBase64(text),
  );
}

/** The text a browser would show: no style, script or comments, tags and entities as spaces. */
export function htmlText(html: string): string {
  return html
    .replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);?/gi, ' ');
}

/** URLs and addresses dropped, then words as the tokenizer reads them, kept if a–z (and ') only. */
export function cleanWords(text: string): string[] {
  const stripped = text
    .replace(/\b(?:https?|ftp):\/\/\S*/gi, ' ')
    .replace(/\bwww\.\S*/gi, ' ')
    .replace(/\S+@\S+/g, ' ');
  return tokenize(stripped)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => /^[a-z']+$/.test(w) && w.length <= MAX_WORD_LENGTH && w !== '');
}
