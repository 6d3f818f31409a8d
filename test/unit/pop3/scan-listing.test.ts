import { describe, expect, test } from 'vitest';
import { parseOctets, parseScanLine, parseScanListing } from '../../../src/pop3/commands/scan-listing.js';
import { Pop3ProtocolError } from '../../../src/pop3/errors/pop3-protocol-error.js';

describe('LIST and UIDL listings', () => {
  test('maps message numbers to values, ignoring anything after the value', () => {
    const listing = parseScanListing(
      'UIDL',
      Buffer.from('1 000000016b080b9d\r\n2 AQAAAAB=\r\n17 x extra\r\n'),
    );
    expect([...listing]).toEqual([
      [1, '000000016b080b9d'],
      [2, 'AQAAAAB='],
      [17, 'x'],
    ]);
  });

  test('an empty listing is an empty map', () => {
    expect(parseScanListing('LIST', Buffer.alloc(0)).size).toBe(0);
  });

  test('a line without a number is a protocol error that quotes the line', () => {
    expect(() => parseScanListing('LIST', Buffer.from('1 200\r\nbogus\r\n'))).toThrow(Pop3ProtocolError);
    expect(() => parseScanLine('LIST', 'one 200')).toThrow(/invalid LIST line: "one 200"/);
  });

  test('sizes must be plain octet counts', () => {
    expect(parseOctets('LIST', '4096')).toBe(4096);
    expect(() => parseOctets('LIST', '-1')).toThrow(Pop3ProtocolError);
    expect(() => parseOctets('LIST', '12k')).toThrow(Pop3ProtocolError);
  });
});
