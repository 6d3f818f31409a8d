import { describe, expect, test } from 'vitest';
import {
  Pop3AuthError,
  Pop3CommandError,
  Pop3Error,
  Pop3ProtocolError,
  sizeLimitFromList,
} from '../../../src/pop3/index.js';

describe('error classes', () => {
  test('-ERR replies expose the RFC 2449 response code', () => {
    expect(new Pop3CommandError('PASS', '[IN-USE] mailbox locked').code).toBe('IN-USE');
    expect(new Pop3CommandError('PASS', '[sys/temp] try later').code).toBe('SYS/TEMP');
    expect(new Pop3CommandError('RETR', 'no such message').code).toBeUndefined();
  });

  test('a locked mailbox or a server hiccup is a temporary login failure; bad credentials are not', () => {
    expect(new Pop3AuthError('USER/PASS', 'locked', 'IN-USE').temporary).toBe(true);
    expect(new Pop3AuthError('USER/PASS', 'later', 'LOGIN-DELAY').temporary).toBe(true);
    expect(new Pop3AuthError('XOAUTH2', 'down', 'SYS/TEMP').temporary).toBe(true);
    expect(new Pop3AuthError('XOAUTH2', 'no', 'AUTH').temporary).toBe(false);
    expect(new Pop3AuthError('XOAUTH2', 'no', undefined).temporary).toBe(false);
  });

  test('a hint keeps the refusal a Pop3AuthError with its code, and the original as cause', () => {
    const refused = new Pop3AuthError('XOAUTH2', '[AUTH] Authentication failed.', 'AUTH');
    const hinted = refused.withHint('check the mailbox permission');
    expect(hinted).toBeInstanceOf(Pop3AuthError);
    expect(hinted.message).toBe(
      'login with XOAUTH2 was refused: [AUTH] Authentication failed.; check the mailbox permission',
    );
    expect(hinted.code).toBe('AUTH');
    expect(hinted.temporary).toBe(false);
    expect(hinted.cause).toBe(refused);
  });

  test('every class is a Pop3Error with its own name and keeps its cause', () => {
    const cause = new Error('socket hang up');
    const error = new Pop3ProtocolError('bad', { cause });
    expect(error).toBeInstanceOf(Pop3Error);
    expect(error.name).toBe('Pop3ProtocolError');
    expect(error.cause).toBe(cause);
  });
});

describe('sizeLimitFromList', () => {
  test('allows a tenth more than announced plus 64 KiB', () => {
    expect(sizeLimitFromList(0)).toBe(65536);
    expect(sizeLimitFromList(1_000_000)).toBe(1_100_000 + 65536);
  });
});
