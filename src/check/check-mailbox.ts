import { lookup } from 'node:dns/promises';
import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { mailboxConnection } from '../app/mailbox-connection.js';
import type { MailboxConfig } from '../config/index.js';
import { connectionHint } from '../mailbox/connection-hint.js';
import { connectMailbox, loginMailbox, type MailboxConnection } from '../mailbox/open-mailbox-session.js';
import {
  PipeliningMemory,
  type Pop3Client,
  Pop3PipeliningProbeError,
  Pop3TimeoutError,
  silentPop3Logger,
  tlsOptions,
} from '../pop3/index.js';
import type { RedisClient } from '../queue/redis-client.js';
import { within } from '../timeouts/within.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';
import { CertificateExpiredError } from './errors/certificate-expired-error.js';
import { pipeliningVerdict } from './pipelining-verdict.js';
import { serverSpeaksTls } from './server-speaks-tls.js';

/** What {@link checkMailbox} needs besides the mailbox. */
export interface CheckMailboxDeps {
  /** For an OAuth2 token cache kept in Redis; undefined when Redis could not be reached. */
  readonly redis: RedisClient | undefined;
  readonly prefix: string;
  readonly logger: Logger;
  /** Each step's timeout. */
  readonly timeoutMs: number;
  readonly now: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The steps of a mailbox check, in the order they run. */
const STEPS = ['dns', 'tcp', 'tls', 'greeting', 'login', 'capabilities', 'messages', 'pipelining'] as const;

/**
 * Checks one mailbox step by step without fetching or deleting anything: DNS, TCP, TLS and the
 * certificate, the greeting, login (an OAuth2 token refreshed through the token provider, never
 * a device-code sign-in), the capabilities, the messages waiting (STAT), what `pipelining` does
 * for this server (running the probe under `pipelining: probe`), then QUIT. A step that fails
 * skips the ones after it.
 */
export async function checkMailbox(mailbox: MailboxConfig, deps: CheckMailboxDeps): Promise<CheckResult[]> {
  const name = (step: string): string => `mailbox ${mailbox.id}: ${step}`;
  const context = { tls: mailbox.tls, port: mailbox.port };
  const results: CheckResult[] = [];
  // Every step not reported yet gets a skip line, so each mailbox always shows the same checks.
  const skipRest = (reason: string): CheckResult[] => [
    ...results,
    ...STEPS.filter((step) => !results.some((result) => result.name === name(step))).map((step) =>
      skipped(name(step), reason),
    ),
  ];
  const failure = (step: string, error: unknown, hintContext = context): CheckResult =>
    failed(name(step), messageOf(error), connectionHint(error, hintContext));
  const { timeoutMs } = deps;
  const where = `${mailbox.host}:${mailbox.port}`;

  try {
    const addresses = await within(lookup(mailbox.host, { all: true }), timeoutMs, 'DNS lookup');
    results.push(
      passed(
        name('dns'),
        net.isIP(mailbox.host) !== 0
          ? `${mailbox.host} is an IP address`
          : `${mailbox.host} is ${addresses.map((entry) => entry.address).join(', ')}`,
      ),
    );
  } catch (error) {
    results.push(failure('dns', error));
    return skipRest('the host name does not resolve');
  }

  try {
    const tcp = tcpConnect(mailbox.host, mailbox.port);
    await within(tcp.connected, timeoutMs, `connecting to ${where}`, () => tcp.socket.destroy());
    results.push(passed(name('tcp'), `connected to ${where}`));
  } catch (error) {
    results.push(failure('tcp', error));
    return skipRest('no TCP connection');
  }

  if (mailbox.tls === 'implicit') {
    try {
      const handshake = inspectTls(mailbox, deps.now);
      const found = await within(handshake.described, timeoutMs, 'the TLS handshake', () =>
        handshake.socket.destroy(),
      );
      results.push(passed(name('tls'), found));
    } catch (error) {
      results.push(failure('tls', error));
      return skipRest('the TLS handshake failed');
    }
  } else if (mailbox.tls === 'none') {
    results.push(passed(name('tls'), 'tls: none: plain text, the password travels unencrypted'));
  }

  const oauthCacheInRedis = mailbox.auth.type === 'oauth2-outlook' && mailbox.auth.tokenCache.type !== 'file';
  if (deps.redis === undefined && oauthCacheInRedis) {
    return skipRest('the OAuth2 token cache is in Redis, which is not reachable');
  }
  const memory = new PipeliningMemory();
  const connection: MailboxConnection = {
    ...mailboxConnection(
      mailbox,
      // Unused unless the OAuth2 token cache is in Redis, which returned above when Redis is down.
      deps.redis as RedisClient,
      deps.prefix,
      deps.logger,
    ),
    timeoutMs: Math.min(mailbox.timeout, timeoutMs),
    pipeliningMemory: memory,
  };

  let client: Pop3Client;
  try {
    client = await within(
      connectMailbox(connection, silentPop3Logger),
      timeoutMs,
      `the POP3 greeting from ${where}`,
    );
  } catch (error) {
    const speaksTls =
      mailbox.tls === 'none' && error instanceof Pop3TimeoutError
        ? await serverSpeaksTls(mailbox.host, mailbox.port, timeoutMs)
        : undefined;
    results.push(
      failure('greeting', error, {
        ...context,
        ...(speaksTls !== undefined ? { serverSpeaksTls: speaksTls } : {}),
      }),
    );
    return skipRest('no POP3 session');
  }
  if (mailbox.tls === 'starttls') {
    results.push(passed(name('tls'), 'STLS upgrade done, certificate accepted'));
  }
  results.push(passed(name('greeting'), client.greeting.trim() || '+OK'));

  let probeBroke = false;
  try {
    try {
      await within(loginMailbox(client, connection), timeoutMs, 'login', () => client.destroy());
    } catch (error) {
      if (!(error instanceof Pop3PipeliningProbeError)) throw error;
      // The probe broke that session; the memory now holds the refusal, so this one goes lock-step.
      probeBroke = true;
      client = await within(connectMailbox(connection, silentPop3Logger), timeoutMs, 'reconnecting');
      await within(loginMailbox(client, connection), timeoutMs, 'login', () => client.destroy());
    }
  } catch (error) {
    client.destroy();
    results.push(failure('login', error));
    return skipRest('login failed');
  }
  const session = client;
  try {
    const mechanism = mailbox.auth.type === 'password' ? 'USER/PASS' : 'XOAUTH2';
    results.push(passed(name('login'), `logged in as ${mailbox.username} (${mechanism})`));
    const caps = session.capabilities;
    const flag = (on: boolean): string => (on ? 'yes' : 'no');
    results.push(
      passed(
        name('capabilities'),
        `PIPELINING ${flag(caps.pipelining)}, TOP ${flag(caps.top)}, UIDL ${flag(caps.uidl)}`,
      ),
    );
    const stat = await within(session.stat(), timeoutMs, 'STAT', () => session.destroy());
    results.push(passed(name('messages'), `${stat.count} waiting (${stat.size} octets)`));
    results.push(
      passed(
        name('pipelining'),
        pipeliningVerdict(mailbox.pipelining, probeBroke ? 'refused' : session.pipeliningProbe),
      ),
    );
    // No DELE was sent, so QUIT commits nothing.
    await within(session.quit(), timeoutMs, 'QUIT', () => session.destroy());
  } catch (error) {
    session.destroy();
    results.push(failure('session', error));
    return skipRest('the session failed');
  }
  return results;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens a TCP connection and closes it at once; the socket is there to drop on a timeout. */
function tcpConnect(
  host: string,
  port: number,
): { readonly connected: Promise<void>; readonly socket: Socket } {
  const socket = net.connect({ host, port });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
  return { connected, socket };
}

/**
 * Handshakes as a session would and describes the protocol and the certificate's validity; the
 * socket is there to drop on a timeout.
 */
function inspectTls(
  mailbox: MailboxConfig,
  now: () => number,
): { readonly described: Promise<string>; readonly socket: TLSSocket } {
  const socket = tls.connect({
    // The mailbox's own settings are its transport's: the same options a session would use.
    ...tlsOptions({ ...mailbox, connectTimeoutMs: mailbox.timeout }, silentPop3Logger),
    host: mailbox.host,
    port: mailbox.port,
  });
  const described = new Promise<string>((resolve, reject) => {
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      const protocol = socket.getProtocol() ?? 'TLS';
      socket.destroy();
      const validTo = Date.parse(certificate.valid_to);
      const days = Math.floor((validTo - now()) / DAY_MS);
      if (days < 0) {
        reject(new CertificateExpiredError(certificate.valid_to));
        return;
      }
      const subject = certificate.subject?.CN ?? 'no CN';
      const verified = mailbox.verifyCertificate
        ? 'verified'
        : 'NOT verified (verifyCertificate: false; prefer ca:)';
      resolve(
        `${protocol}, certificate ${subject} ${verified}, valid until ${new Date(validTo).toISOString().slice(0, 10)} (${days} days)`,
      );
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
  return { described, socket };
}
