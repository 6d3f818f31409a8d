import type { SeededRandom } from './seeded-random.js';

const WORDS = [
  ...'the order invoice account please help since yesterday cannot login password reset delivery'.split(' '),
  ...'package refund we our team printer again error message screen after update version customer'.split(' '),
  ...'number attached thanks for your quick reply still not working and it is a problem with the'.split(' '),
  ...'export report monthly contract renewal shipping address changed to of in on would like know'.split(' '),
  ...'whether possible ticket status urgent deadline friday office server backup license'.split(' '),
  // Latin-1 words: the 8-bit bytes a text/plain; charset=iso-8859-1 body carries unencoded.
  ...'Grüße café Müller naïve Straße déjà señor Ångström façade Zürich'.split(' '),
];

/** Lines that start with "." must be dot-stuffed by the server (RFC 1939 section 3). */
const DOT_LINES = ['.', '..', '...and that was all.', '.htaccess was overwritten', '. (see below)'] as const;

/** Lines an mbox writer must escape, so mpop's mbox delivery does that work too. */
const FROM_LINES = ['From what I can tell it failed twice.', 'From: our accounting department'] as const;

const SIGNATURES = ['Anna Schröder', 'Jörg Weiß', 'Chloé Dubois', 'Tom Baker', 'María Núñez'] as const;

function sentence(random: SeededRandom): string {
  const count = random.int(5, 16);
  const words: string[] = [];
  for (let i = 0; i < count; i += 1) words.push(random.pick(WORDS));
  const first = words[0] as string;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(' ')}${random.pick(['.', '.', '.', '?', '!'])}`;
}

/** Wraps text at 72 columns, the way mail clients send plain text. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > 72) {
      lines.push(line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function paragraph(random: SeededRandom): string[] {
  const sentences: string[] = [];
  for (let i = random.int(2, 6); i > 0; i -= 1) sentences.push(sentence(random));
  const lines = wrap(sentences.join(' '));
  if (random.chance(0.25)) lines.splice(random.int(0, lines.length), 0, random.pick(DOT_LINES));
  if (random.chance(0.1)) lines.splice(random.int(0, lines.length), 0, random.pick(FROM_LINES));
  if (random.chance(0.2)) return lines.map((line) => `> ${line}`);
  return lines;
}

/**
 * A plain-text mail body of at least `minBytes` octets as a Latin-1 string (each char one byte),
 * with CRLF line ends, some lines starting with "." or "From ", some quoting and a signature.
 */
export function plainTextBody(random: SeededRandom, minBytes: number): string {
  const parts: string[] = [`Hello ${random.pick(['support team', 'there', 'Mr. Müller', 'all'])},\r\n\r\n`];
  let length = parts[0]?.length ?? 0;
  const signature = `\r\n-- \r\n${random.pick(SIGNATURES)}\r\n`;
  while (length + signature.length < minBytes) {
    const text = `${paragraph(random).join('\r\n')}\r\n\r\n`;
    parts.push(text);
    length += text.length;
  }
  parts.push(signature);
  return parts.join('');
}

/** A subject line, ASCII only (non-ASCII would need RFC 2047 encoding in a header). */
export function subjectLine(random: SeededRandom, ticket: number): string {
  const topic = random.pick([
    'Cannot log in',
    'Invoice question',
    'Re: Delivery delayed',
    'Fwd: Contract renewal',
    'Printer shows error 0x80040115',
    'AW: Rueckfrage zur Bestellung',
    'Refund request',
  ]);
  return `${topic} [#${ticket}]`;
}
