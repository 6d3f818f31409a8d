import { expect, test } from 'vitest';
import { connectionHint } from '../../../src/mailbox/connection-hint.js';
import { PollFailedError } from '../../../src/mailbox/errors/poll-failed-error.js';
import { emptyPollReport } from '../../../src/mailbox/poll-report.js';
import {
  Pop3AuthError,
  Pop3CommandError,
  Pop3ConnectionError,
  Pop3TimeoutError,
} from '../../../src/pop3/index.js';

const plain = { tls: 'none', port: 110 } as const;
const implicit = { tls: 'implicit', port: 995 } as const;

/** A socket error as Node raises it: the code is what tells one failure from another. */
function nodeError(code: string): Pop3ConnectionError {
  const cause = Object.assign(new Error('some text a hint must not depend on'), { code });
  return new Pop3ConnectionError('could not connect', { cause });
}

test('a self-signed certificate points at ca: and NODE_EXTRA_CA_CERTS', () => {
  for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']) {
    expect(connectionHint(nodeError(code), implicit)).toContain(
      'set ca: (or caFile:) or NODE_EXTRA_CA_CERTS',
    );
  }
});

test('tls: none against a port that speaks TLS says to use tls: implicit', () => {
  const timeout = new Pop3TimeoutError('no greeting', 10_000);
  expect(connectionHint(timeout, { tls: 'none', port: 2995, serverSpeaksTls: true })).toBe(
    'the server speaks TLS: use tls: implicit',
  );
  expect(connectionHint(timeout, { tls: 'none', port: 995 })).toContain('use tls: implicit');
  expect(connectionHint(timeout, { tls: 'none', port: 2995, serverSpeaksTls: false })).toBeUndefined();
  expect(connectionHint(timeout, { tls: 'none', port: 110 })).toBeUndefined();
});

test('tls: implicit against a plain port says the server does not speak TLS there', () => {
  expect(connectionHint(nodeError('ERR_SSL_WRONG_VERSION_NUMBER'), implicit)).toContain(
    'does not speak TLS on this port',
  );
});

test('DNS, refused and unreachable connections name the keys to check', () => {
  expect(connectionHint(nodeError('ENOTFOUND'), plain)).toContain('does not resolve');
  expect(connectionHint(nodeError('ECONNREFUSED'), plain)).toContain('nothing listens on that port');
  expect(connectionHint(nodeError('EHOSTUNREACH'), plain)).toContain('cannot be reached');
});

test('certificate expiry and a wrong host name are told apart', () => {
  expect(connectionHint(nodeError('CERT_HAS_EXPIRED'), implicit)).toContain('expired');
  expect(connectionHint(nodeError('ERR_TLS_CERT_ALTNAME_INVALID'), implicit)).toContain(
    'does not name this host',
  );
});

test('a refused login points at the credentials, a temporary one says it will pass', () => {
  expect(connectionHint(new Pop3AuthError('USER/PASS', 'nope', 'AUTH'), plain)).toContain('password');
  expect(connectionHint(new Pop3AuthError('USER/PASS', 'busy', 'IN-USE'), plain)).toContain('temporary');
});

test('errors it knows nothing about get no hint', () => {
  expect(connectionHint(new Error('whatever'), plain)).toBeUndefined();
  expect(connectionHint(new Pop3CommandError('STAT', 'no such message'), plain)).toBeUndefined();
  expect(connectionHint(nodeError('EPIPE'), plain)).toBeUndefined();
});

test('a failed poll is judged by what made it fail', () => {
  const failed = new PollFailedError('support', emptyPollReport(), {
    cause: nodeError('DEPTH_ZERO_SELF_SIGNED_CERT'),
  });
  expect(connectionHint(failed, implicit)).toContain('NODE_EXTRA_CA_CERTS');
});
