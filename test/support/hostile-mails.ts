/**
 * Mails built to make a parser spend CPU out of proportion to their size, generated on demand so
 * no megabytes are committed. Each is what issue 7 measured or a neighbour of it.
 */
const MiB = 1024 * 1024;

/** `unit` repeated to just under `bytes`. */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.floor(bytes / unit.length));
}

function htmlMail(tag: string, html: string): Buffer {
  return Buffer.from(
    `From: hostile@example.com\r\nSubject: ${tag}\r\nMessage-ID: <${tag}@example.com>\r\n` +
      `Content-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`,
  );
}

function multipart(tag: string, body: string): Buffer {
  return Buffer.from(
    `From: hostile@example.com\r\nSubject: ${tag}\r\nMessage-ID: <${tag}@example.com>\r\n` +
      `Content-Type: multipart/mixed; boundary="b0"\r\n\r\n${body}`,
  );
}

function deepMime(tag: string, depth: number): Buffer {
  const opening = Array.from(
    { length: depth },
    (_, i) => `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n`,
  );
  const closing = Array.from({ length: depth + 1 }, (_, i) => `--b${depth - i}--\r\n`);
  return multipart(
    tag,
    `${opening.join('')}--b${depth}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n${closing.join('')}`,
  );
}

/** A hostile mail and its name, for `test.each`. */
export interface HostileMail {
  readonly name: string;
  readonly tag: string;
  readonly raw: () => Buffer;
}

/** Every hostile mail, each a few MB at most. */
export const HOSTILE_MAILS: readonly HostileMail[] = [
  {
    name: 'a 9 MB subject of 640k encoded words',
    tag: 'encoded-words',
    raw: () =>
      Buffer.from(
        `From: hostile@example.com\r\nMessage-ID: <encoded-words@example.com>\r\n` +
          `Subject: ${'=?UTF-8?B?YQ==?= '.repeat(640_000)}\r\n\r\nbody\r\n`,
      ),
  },
  {
    name: '1.4 MB of unclosed <b>',
    tag: 'unclosed-b',
    raw: () => htmlMail('unclosed-b', fill('<b>', 1.4e6)),
  },
  {
    name: '5 MiB of unclosed <b>',
    tag: 'unclosed-b-5mib',
    raw: () => htmlMail('unclosed-b-5mib', fill('<b>', 5 * MiB)),
  },
  {
    name: '1 MB of unclosed list items',
    tag: 'unclosed-lists',
    raw: () => htmlMail('unclosed-lists', fill('<ul><li>x', 1e6)),
  },
  {
    name: 'links nested 99 deep, repeated to 0.95 MiB',
    tag: 'nested-links',
    raw: () =>
      htmlMail(
        'nested-links',
        fill(`${'<a href="https://x.example/">x'.repeat(99)}${'</a>'.repeat(99)}`, 0.95 * MiB),
      ),
  },
  {
    name: '99 open tags, then 0.95 MiB of end tags that match nothing',
    tag: 'stray-end-tags',
    raw: () => htmlMail('stray-end-tags', `${'<b>'.repeat(99)}${fill('</i>', 0.95 * MiB)}`),
  },
  {
    name: '0.95 MiB of unterminated comments',
    tag: 'open-comments',
    raw: () => htmlMail('open-comments', `text${fill('<!--', 0.95 * MiB)}`),
  },
  { name: 'multiparts nested 2000 deep', tag: 'deep-mime', raw: () => deepMime('deep-mime', 2000) },
  {
    name: '5000 parts',
    tag: 'many-parts',
    raw: () =>
      multipart(
        'many-parts',
        `${Array.from({ length: 5000 }, (_, i) => `--b0\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('')}--b0--\r\n`,
      ),
  },
  {
    name: '100k header fields',
    tag: 'many-headers',
    raw: () =>
      Buffer.from(
        `From: hostile@example.com\r\nSubject: many-headers\r\nMessage-ID: <many-headers@example.com>\r\n` +
          `${'X-A: b\r\n'.repeat(100_000)}\r\nbody\r\n`,
      ),
  },
  {
    name: 'a 5 MB line',
    tag: 'long-line',
    raw: () =>
      Buffer.from(
        `From: hostile@example.com\r\nSubject: long-line\r\nMessage-ID: <long-line@example.com>\r\n\r\n${'a'.repeat(5e6)}\r\n`,
      ),
  },
];
