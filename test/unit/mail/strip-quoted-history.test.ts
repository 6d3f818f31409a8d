import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { htmlToText, stripQuotedHistory } from '../../../src/mail/parser.js';

/** One reply of the corpus: the body as its client writes it, and what an agent should see. */
interface ReplyCase {
  readonly name: string;
  readonly file: string;
  readonly client: string;
  readonly language: string;
  readonly format: 'text' | 'html';
  readonly shape: string;
}

const replies = new URL('../../fixtures/replies/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, replies), 'utf8');
const cases = JSON.parse(read('cases.json')) as ReplyCase[];

test.each(cases.map((c) => [c.client, c.language, c.format, c.shape, c] as const))(
  '%s (%s, %s): %s',
  (_client, _language, _format, _shape, replyCase) => {
    const body = read(replyCase.file);
    // An HTML-only mail reaches popdesk's text through htmlToText, as parseMail derives it.
    const text = replyCase.format === 'html' ? htmlToText(body) : body;
    expect(stripQuotedHistory(text)).toBe(read(`${replyCase.name}.expected.txt`).trimEnd());
  },
);

test('the corpus covers each client in English, German and French', () => {
  const families = ['Outlook desktop', 'Outlook on the web', 'Gmail', 'Apple Mail', 'Thunderbird'];
  for (const family of families) {
    const languages = new Set(cases.filter((c) => c.client.startsWith(family)).map((c) => c.language));
    expect(languages.size, family).toBeGreaterThanOrEqual(family === 'Outlook on the web' ? 2 : 3);
  }
});

test('a mail that is all quote keeps its text: a reply is never emptied', () => {
  const text = '> On Tue, Nov 3, 2026 at 10:15 AM Support <support@example.com> wrote:\n> Hello\n';
  expect(stripQuotedHistory(text)).toBe(text);
});

test('a long quoted history is cut like a short one', () => {
  const history = '> an earlier message in the thread\n'.repeat(10_000);
  const text = `Thanks.\n\nOn Tue, Nov 3, 2026 at 10:15 AM Support <s@example.com> wrote:\n${history}`;
  expect(stripQuotedHistory(text)).toBe('Thanks.');
});

test('history that starts past the scanned window is left in place', () => {
  const long = 'A long report line.\n'.repeat(1_000);
  const text = `${long}\nOn Tue, Nov 3, 2026 at 10:15 AM Support <s@example.com> wrote:\n> Hello\n`;
  expect(stripQuotedHistory(text)).toBe(text);
});

test('a hostile body of lines the parser backtracks on comes back unchanged', () => {
  // Without the window, 200 kB of these lines keeps the parser busy for minutes.
  const text = `Hi\n${'abc. skrev\n'.repeat(20_000)}`;
  expect(stripQuotedHistory(text)).toBe(text);
});

test('a reply with nothing to cut comes back as it was, line ends and all', () => {
  const text = 'Any news?\r\n\r\n';
  expect(stripQuotedHistory(text)).toBe(text);
});

test('CRLF line ends cut like LF', () => {
  const text =
    'Fixed.\r\n\r\nVon: Support <support@example.com>\r\nGesendet: Dienstag\r\nAn: a@b.example\r\nBetreff: AW: x\r\n\r\nAlt\r\n';
  expect(stripQuotedHistory(text)).toBe('Fixed.');
});
