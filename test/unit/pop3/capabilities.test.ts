import { describe, expect, test } from 'vitest';
import { parseCapabilities } from '../../../src/pop3/commands/capa.js';

describe('parseCapabilities', () => {
  test("Dovecot's list after login", () => {
    const caps = parseCapabilities(
      Buffer.from('CAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nUSER\r\n'),
    );
    expect(caps.pipelining).toBe(true);
    expect(caps.stls).toBe(false);
    expect([...caps.entries.keys()]).toEqual([
      'CAPA',
      'TOP',
      'UIDL',
      'RESP-CODES',
      'PIPELINING',
      'AUTH-RESP-CODE',
      'USER',
    ]);
  });

  test("Outlook.com's list before login: STLS-less, SASL mechanisms upper-cased", () => {
    const caps = parseCapabilities(Buffer.from('TOP\r\nUIDL\r\nSASL plain xoauth2\r\nUSER\r\n'));
    expect(caps.sasl).toEqual(['PLAIN', 'XOAUTH2']);
    expect(caps.pipelining).toBe(false);
  });

  test('names are case-insensitive and arguments kept', () => {
    const caps = parseCapabilities(
      Buffer.from('pipelining\r\nstls\r\nEXPIRE 31 USER\r\nLOGIN-DELAY 900\r\n'),
    );
    expect(caps.pipelining).toBe(true);
    expect(caps.stls).toBe(true);
    expect(caps.entries.get('EXPIRE')).toEqual(['31', 'USER']);
  });

  test('blank lines and trailing spaces are ignored', () => {
    expect([...parseCapabilities(Buffer.from('\r\nUSER  \r\n\r\n')).entries.keys()]).toEqual(['USER']);
  });

  test("Courier's list before login: TOP, UIDL and LOGIN-DELAY 10", () => {
    const caps = parseCapabilities(
      Buffer.from(
        'STLS\r\nTOP\r\nUSER\r\nLOGIN-DELAY 10\r\nPIPELINING\r\nUIDL\r\nIMPLEMENTATION Courier Mail Server\r\n',
      ),
    );
    expect(caps).toMatchObject({ top: true, uidl: true, pipelining: true, loginDelaySeconds: 10 });
  });

  test("Cyrus's LOGIN-DELAY 0 is kept; a per-user delay keeps its number; garbage is ignored", () => {
    expect(parseCapabilities(Buffer.from('LOGIN-DELAY 0\r\n')).loginDelaySeconds).toBe(0);
    expect(parseCapabilities(Buffer.from('LOGIN-DELAY 900 USER\r\n')).loginDelaySeconds).toBe(900);
    expect(parseCapabilities(Buffer.from('LOGIN-DELAY soon\r\n')).loginDelaySeconds).toBeUndefined();
    expect(parseCapabilities(Buffer.from('LOGIN-DELAY\r\n')).loginDelaySeconds).toBeUndefined();
  });

  test('a server that lists neither TOP nor UIDL says so', () => {
    expect(parseCapabilities(Buffer.from('USER\r\n'))).toMatchObject({ top: false, uidl: false });
    expect(parseCapabilities(Buffer.from('USER\r\n')).loginDelaySeconds).toBeUndefined();
  });
});
