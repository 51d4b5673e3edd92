import { describe, expect, it } from 'vitest';
import {
  cleanWords,
  decodeEncodedWords,
  decodeQuotedPrintable,
  htmlText,
  mailWords,
  multipartParts,
  splitEntity,
  withoutTags,
} from './mailText';

/** A message as the corpus stores it: an mbox "From " line, headers, a blank line, the body. */
const mail = (headers: string[], body: string) =>
  ['From someone@example.com  Thu Aug 22 13:17:22 2002', ...headers, '', body].join('\n');

describe('mailWords: what a reader sees in a raw e-mail', () => {
  it('keeps the subject then the body, and no other header', () => {
    const raw = mail(
      [
        'Return-Path: <12a1mailbot1@web.de>',
        'Received: from mail.webnote.net [193.120.211.219]',
        '\tby localhost with POP3 (fetchmail-5.9.0) relay',
        'From: Cheap Pills <pills@spam.example>',
        'To: zzzz@localhost',
        'Subject: Life Insurance - Why Pay More?',
        'X-Mailer: Microsoft Outlook Express',
      ],
      'Save big on life insurance today.',
    );
    expect(mailWords(raw)).toEqual('life insurance why pay more save big on life insurance today'.split(' '));
  });

  it('reads a folded subject as one line, and a message without a body', () => {
    const raw = ['Subject: meeting about', '  the budget', 'From: boss@work.example'].join('\n');
    expect(mailWords(raw)).toEqual(['meeting', 'about', 'the', 'budget']);
  });

  it('drops URLs, e-mail addresses, numbers and anything with a digit', () => {
    const raw = mail(
      ['Subject: Re: 50% off, call 555-1234'],
      'Visit http://cheap.example/x?id=3 or www.deals.example today; write to sales@deals.example. mp3 2002 ok',
    );
    expect(mailWords(raw)).toEqual(['re', 'off', 'call', 'visit', 'or', 'today', 'write', 'to', 'ok']);
  });

  it('drops the subject’s bracketed list tags, not its words', () => {
    expect(mailWords(mail(['Subject: Re: [ILUG] Sun Solaris [ADV]'], ''))).toEqual(['re', 'sun', 'solaris']);
    expect(withoutTags('[zzzzteana] Meaningful [two words]')).toBe('  Meaningful [two words]');
  });

  it('turns an HTML body into the text a browser shows', () => {
    const raw = mail(
      ['Subject: Offer', 'Content-Type: text/html; charset="iso-8859-1"'],
      '<HTML><HEAD><STYLE>p { color: red }</STYLE><script>var tracking = 1;</script></HEAD>' +
        '<BODY><!-- Inserted by Calypso --><p>Click&nbsp;<A HREF="http://x.example/">here</A> &amp; win</p></BODY></HTML>',
    );
    expect(mailWords(raw)).toEqual(['offer', 'click', 'here', 'win']);
  });

  it('decodes a quoted-printable body, soft line breaks joined', () => {
    const raw = mail(
      ['Subject: hi', 'Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable'],
      'Dear frie=\nnd, you have won =3D a prize',
    );
    expect(mailWords(raw)).toEqual(['hi', 'dear', 'friend', 'you', 'have', 'won', 'a', 'prize']);
  });

  it('decodes a base64 body', () => {
    const body = Buffer.from('Make money fast from home')
      .toString('base64')
      .replace(/(.{12})/g, '$1\n');
    const raw = mail(['Subject: money', 'Content-Transfer-Encoding: base64'], body);
    expect(mailWords(raw)).toEqual(['money', 'make', 'money', 'fast', 'from', 'home']);
  });

  it('decodes an RFC 2047 subject (Q and B)', () => {
    expect(decodeEncodedWords('=?iso-8859-1?Q?Cheap_meds_=3D_now?=')).toBe('Cheap meds = now');
    expect(decodeEncodedWords('=?utf-8?B?RnJlZSBnaWZ0?= inside')).toBe('Free gift inside');
  });

  it('reads a multipart body’s text/plain parts and skips its HTML twin and attachments', () => {
    const raw = mail(
      ['Subject: report', 'Content-Type: multipart/mixed; boundary="XYZ"'],
      [
        'This is a multi-part message in MIME format.',
        '--XYZ',
        'Content-Type: multipart/alternative; boundary=INNER',
        '',
        '--INNER',
        'Content-Type: text/plain',
        '',
        'plain words here',
        '--INNER',
        'Content-Type: text/html',
        '',
        '<p>html twin</p>',
        '--INNER--',
        '--XYZ',
        'Content-Type: text/plain; name="notes.txt"',
        'Content-Disposition: attachment; filename="notes.txt"',
        '',
        'attached secret',
        '--XYZ',
        'Content-Type: image/gif',
        'Content-Transfer-Encoding: base64',
        '',
        'R0lGODlhAQABAIAAAP',
        '--XYZ--',
        'epilogue words',
      ].join('\n'),
    );
    expect(mailWords(raw)).toEqual(['report', 'plain', 'words', 'here']);
  });

  it('falls back to the HTML part when a multipart message has no plain text', () => {
    const raw = mail(
      ['Subject: promo', 'Content-Type: multipart/alternative;', '\tboundary="----=_NextPart_000"'],
      [
        '------=_NextPart_000',
        'Content-Type: text/html',
        '',
        '<b>Act now</b>',
        '------=_NextPart_000--',
      ].join('\n'),
    );
    expect(mailWords(raw)).toEqual(['promo', 'act', 'now']);
  });

  it('gives no body words for a multipart message without a boundary, or for an image', () => {
    expect(mailWords(mail(['Subject: a b', 'Content-Type: multipart/mixed'], 'lost text'))).toEqual([
      'a',
      'b',
    ]);
    expect(mailWords(mail(['Subject: pic', 'Content-Type: image/jpeg'], 'binary junk'))).toEqual(['pic']);
  });
});

describe('the pieces', () => {
  it('splitEntity: lower-case header names, the first of a repeated header, CRLF as LF', () => {
    const { headers, body } = splitEntity('Subject: one\r\nSUBJECT: two\r\nX-A: b\r\n\r\nbody\r\nline');
    expect([...headers]).toEqual([
      ['subject', 'one'],
      ['x-a', 'b'],
    ]);
    expect(body).toBe('body\nline');
  });

  it('multipartParts: the parts between boundary lines, the preamble and epilogue left out', () => {
    expect(multipartParts('pre\n--b\none\n--b \ntwo\n--b--\npost', 'b')).toEqual(['one', 'two']);
    expect(multipartParts('--b\nunclosed', 'b')).toEqual(['unclosed']);
  });

  it('decodeQuotedPrintable leaves a lone "=" that is no escape', () => {
    expect(decodeQuotedPrintable('a = b =41')).toBe('a = b A');
  });

  it('htmlText drops tags that span lines and numeric entities', () => {
    expect(htmlText('<a\nhref="x">go</a>&#160;on&#x41;')).toBe(' go  on ');
  });

  it('cleanWords keeps a–z words with inner apostrophes, at most 20 letters', () => {
    expect(cleanWords("Don't 'quote' café naïve aaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb")).toEqual([
      "don't",
      'quote',
      'bbbbbbbbbbbbbbbbbbbb',
    ]);
  });
});
