import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dotStuff } from '../../../dev/servers/dot-stuff.js';
import { Pop3MessageTooLargeError } from '../../../src/pop3/errors/pop3-message-too-large-error.js';
import { Pop3ProtocolError } from '../../../src/pop3/errors/pop3-protocol-error.js';
import {
  type ReaderEvent,
  type ReplyExpectation,
  ResponseReader,
} from '../../../src/pop3/response-reader.js';

const MULTI: ReplyExpectation = { multiline: true, maxBodyBytes: 1 << 30 };
const SINGLE: ReplyExpectation = { multiline: false, maxBodyBytes: 0 };

interface Reply {
  status: string;
  text: string;
  body?: Buffer;
}

/** Feeds `chunks` to a reader expecting `expectations` and folds the events into whole replies. */
function read(expectations: readonly ReplyExpectation[], chunks: readonly Buffer[]): Reply[] {
  const reader = new ResponseReader({ maxLineLength: 8192 });
  for (const expectation of expectations) reader.expect(expectation);
  const events: ReaderEvent[] = chunks.flatMap((chunk) => reader.push(chunk));
  return foldEvents(events);
}

function foldEvents(events: readonly ReaderEvent[]): Reply[] {
  const replies: Reply[] = [];
  let current: { status: string; text: string; parts: Buffer[] } | undefined;
  for (const event of events) {
    if (event.kind === 'status') current = { status: event.status, text: event.text, parts: [] };
    else if (event.kind === 'data') current?.parts.push(event.chunk);
    else if (current !== undefined) {
      replies.push(
        current.parts.length > 0 || current.status === 'ok'
          ? { status: current.status, text: current.text, body: Buffer.concat(current.parts) }
          : { status: current.status, text: current.text },
      );
      current = undefined;
    }
  }
  return replies;
}

function splitAt(buffer: Buffer, ...offsets: number[]): Buffer[] {
  const points = [0, ...offsets, buffer.length];
  return points.slice(1).map((end, i) => buffer.subarray(points[i], end));
}

function bytes(...parts: Array<string | number[] | Buffer>): Buffer {
  return Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );
}

describe('single-line replies', () => {
  test('+OK and -ERR carry their text', () => {
    const replies = read([SINGLE, SINGLE, SINGLE], [bytes('+OK 2 320\r\n-ERR [IN-USE] locked\r\n+OK\r\n')]);
    expect(replies).toEqual([
      { status: 'ok', text: '2 320', body: Buffer.alloc(0) },
      { status: 'err', text: '[IN-USE] locked' },
      { status: 'ok', text: '', body: Buffer.alloc(0) },
    ]);
  });

  test('-ERR to a multi-line command is a single line and the next reply follows it', () => {
    const replies = read([MULTI, SINGLE], [bytes('-ERR no such message\r\n+OK\r\n')]);
    expect(replies.map((r) => r.status)).toEqual(['err', 'ok']);
    expect(replies[0]?.text).toBe('no such message');
  });

  test('a SASL continuation is accepted only where one was asked for', () => {
    expect(read([{ ...SINGLE, allowContinuation: true }], [bytes('+ \r\n')])[0]).toMatchObject({
      status: 'continue',
      text: '',
    });
    expect(() => read([SINGLE], [bytes('+ \r\n')])).toThrow(Pop3ProtocolError);
  });
});

describe('multi-line bodies are kept exact', () => {
  test('dot-stuffed lines are unstuffed and the terminator is removed', () => {
    const [reply] = read([MULTI], [bytes('+OK 30 octets\r\n..leading dot\r\n...two\r\n.\r\n')]);
    expect(reply?.body?.toString('latin1')).toBe('.leading dot\r\n..two\r\n');
  });

  test('8-bit bytes, NUL, bare LF and bare CR pass through untouched', () => {
    const body = bytes('Subject: caf', [0xe9], '\r\n\r\n', [0x00, 0xff, 0x80], 'bare\nlf\rcr\r\n');
    const [reply] = read([MULTI], [bytes('+OK\r\n'), dotStuff(body)]);
    expect(reply?.body).toEqual(body);
  });

  test('a line that is only a dot followed by other bytes is data, not the end', () => {
    const body = bytes('.\rx\r\n.x\r\n..\r\n');
    const [reply] = read([MULTI], [bytes('+OK\r\n'), dotStuff(body)]);
    expect(reply?.body).toEqual(body);
  });

  test('an empty body', () => {
    expect(read([MULTI], [bytes('+OK\r\n.\r\n')])[0]?.body).toEqual(Buffer.alloc(0));
  });

  test('pipelined replies in one chunk are told apart', () => {
    const wire = bytes('+OK\r\nA\r\n.\r\n+OK\r\n-ERR gone\r\n+OK\r\n..B\r\n.\r\n');
    const replies = read([MULTI, SINGLE, MULTI, MULTI], [wire]);
    expect(replies.map((r) => [r.status, r.body?.toString('latin1')])).toEqual([
      ['ok', 'A\r\n'],
      ['ok', ''],
      ['err', undefined],
      ['ok', '.B\r\n'],
    ]);
  });
});

describe('splits across reads', () => {
  const body = bytes('From: a@example.com\r\n\r\n.hidden\r\nline\n.\r\nx', [0xe9], '\r\n..\r\n');
  const wire = bytes('+OK 99 octets\r\n', dotStuff(body), '+OK\r\n');

  test('every single split point gives the same replies', () => {
    const whole = read([MULTI, SINGLE], [wire]);
    expect(whole[0]?.body).toEqual(body);
    for (let offset = 1; offset < wire.length; offset += 1) {
      expect(read([MULTI, SINGLE], splitAt(wire, offset)), `split at ${offset}`).toEqual(whole);
    }
  });

  test('every pair of split points gives the same replies', () => {
    const whole = read([MULTI, SINGLE], [wire]);
    for (let a = 1; a < wire.length; a += 1) {
      for (let b = a; b < wire.length; b += 1) {
        expect(read([MULTI, SINGLE], splitAt(wire, a, b))).toEqual(whole);
      }
    }
  });

  test('one byte at a time', () => {
    const chunks = [...wire].map((byte) => Buffer.from([byte]));
    expect(read([MULTI, SINGLE], chunks)[0]?.body).toEqual(body);
  });

  test('any body, any chunking: what the server stuffed comes back byte for byte', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }).map((raw) => Buffer.concat([Buffer.from(raw), bytes('\r\n')])),
        fc.array(fc.nat(), { maxLength: 6 }),
        (original, cuts) => {
          const stream = bytes('+OK\r\n', dotStuff(original), '-ERR next\r\n');
          const offsets = [...new Set(cuts.map((cut) => cut % stream.length))].sort((x, y) => x - y);
          const replies = read([MULTI, MULTI], splitAt(stream, ...offsets));
          expect(replies[0]?.body).toEqual(original);
          expect(replies[1]).toEqual({ status: 'err', text: 'next' });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('limits and violations', () => {
  test('data before any command is a protocol error', () => {
    expect(() => read([], [bytes('+OK\r\n')])).toThrow(Pop3ProtocolError);
  });

  test('bytes after the last expected reply are a protocol error', () => {
    expect(() => read([SINGLE], [bytes('+OK\r\n+OK injected\r\n')])).toThrow(Pop3ProtocolError);
  });

  test('a status line that is neither +OK nor -ERR is a protocol error', () => {
    expect(() => read([SINGLE], [bytes('OK fine\r\n')])).toThrow(/invalid status line/);
    expect(() => read([SINGLE], [bytes('+OKAY\r\n')])).toThrow(Pop3ProtocolError);
  });

  test('a 1 MB status line fails once it passes the limit, without waiting for its end', () => {
    const reader = new ResponseReader({ maxLineLength: 8192 });
    reader.expect(SINGLE);
    expect(reader.push(bytes('+OK '))).toEqual([]);
    expect(() => {
      for (let i = 0; i < 16; i += 1) reader.push(Buffer.alloc(64 * 1024, 0x61));
    }).toThrow(/longer than 8192 bytes/);
  });

  test('a body may reach its limit exactly but not pass it', () => {
    const limited = { multiline: true, maxBodyBytes: 6 };
    expect(read([limited], [bytes('+OK\r\n1234\r\n.\r\n')])[0]?.body?.length).toBe(6);
    const reader = new ResponseReader({ maxLineLength: 8192 });
    reader.expect(limited);
    const events = reader.push(bytes('+OK\r\n12345\r\n.\r\n'));
    const overflow = events.find((event) => event.kind === 'overflow');
    expect(overflow?.kind === 'overflow' && overflow.error).toBeInstanceOf(Pop3MessageTooLargeError);
    if (overflow?.kind !== 'overflow') return;
    expect(overflow.error.limitBytes).toBe(6);
    expect(overflow.error.head.toString()).toBe('12345\r');
  });

  test('an oversize body is dropped to its terminator and the next reply reads normally', () => {
    const reader = new ResponseReader({ maxLineLength: 8192 });
    reader.expect({ multiline: true, maxBodyBytes: 100_000 });
    reader.expect(SINGLE);
    const events: ReaderEvent[] = [];
    events.push(...reader.push(bytes('+OK\r\nSubject: big\r\n')));
    for (let i = 0; i < 10; i += 1) events.push(...reader.push(Buffer.alloc(64 * 1024, 0x62)));
    events.push(...reader.push(bytes('\r\n..\r\n.\r', '\n+OK marked\r\n')));
    const kinds = events.map((event) => event.kind);
    const overflowAt = kinds.indexOf('overflow');
    // Nothing of the body is handed out after the overflow: memory stays flat however much follows.
    expect(kinds.slice(overflowAt)).toEqual(['overflow', 'end', 'status', 'end']);
    const dataBytes = events.reduce(
      (sum, event) => sum + (event.kind === 'data' ? event.chunk.length : 0),
      0,
    );
    expect(dataBytes).toBeLessThanOrEqual(100_000);
    expect(events.at(-2)).toEqual({ kind: 'status', status: 'ok', text: 'marked' });
    expect(reader.idle).toBe(true);
  });

  test('an oversize body keeps its first 64 KiB, unstuffed, as the head', () => {
    const reader = new ResponseReader({ maxLineLength: 8192 });
    reader.expect({ multiline: true, maxBodyBytes: 100_000 });
    const events = [reader.push(bytes('+OK\r\nSubject: big\r\n..dotted\r\n\r\n'))];
    for (let i = 0; i < 10; i += 1) events.push(reader.push(Buffer.alloc(64 * 1024, 0x62)));
    const overflow = events.flat().find((event) => event.kind === 'overflow');
    if (overflow?.kind !== 'overflow') throw new Error('expected an overflow event');
    expect(overflow.error.head.length).toBe(64 * 1024);
    expect(overflow.error.head.subarray(0, 30).toString()).toBe('Subject: big\r\n.dotted\r\n\r\nbbbbb');
  });
});

describe('large bodies', () => {
  test('a 32 MB body is handed out as slices of the received chunks, not copies', () => {
    const reader = new ResponseReader({ maxLineLength: 8192 });
    reader.expect(MULTI);
    const line = bytes(`${'x'.repeat(998)}\r\n`);
    const chunk = Buffer.concat(Array.from({ length: 64 }, () => line));
    reader.push(bytes('+OK\r\n'));
    let total = 0;
    let copies = 0;
    for (let i = 0; i < 512; i += 1) {
      const input = Buffer.from(chunk);
      for (const event of reader.push(input)) {
        if (event.kind !== 'data') continue;
        total += event.chunk.length;
        if (event.chunk.buffer !== input.buffer) copies += 1;
      }
    }
    const tail = reader.push(bytes('.\r\n'));
    expect(tail).toEqual([{ kind: 'end' }]);
    expect(total).toBe(512 * chunk.length);
    expect(copies).toBe(0);
  });
});
