import {
  type PipeliningMemory,
  type PipeliningMode,
  Pop3AuthError,
  Pop3Client,
  type Pop3Logger,
  Pop3PipeliningProbeError,
  type Pop3TlsMode,
} from '../pop3/index.js';

/** How to reach and log in to one mailbox. */
export interface MailboxConnection {
  readonly host: string;
  readonly port: number;
  readonly tls: Pop3TlsMode;
  readonly verifyCertificate: boolean;
  readonly ca?: string;
  readonly username: string;
  readonly timeoutMs: number;
  readonly pipelineWindow: number;
  /** When to pipeline (config `pipelining`). Default `auto`. */
  readonly pipelining?: PipeliningMode;
  /** Hosts whose pipelining probe failed recently. Default: the process-wide memory. */
  readonly pipeliningMemory?: PipeliningMemory;
  /** A password, or a function returning a fresh OAuth2 access token (called once per session). */
  readonly credential: { readonly password: string } | { readonly accessToken: () => Promise<string> };
  /** Added to a login the server refused for good: what most likely has to be set up. */
  readonly loginRefusedHint?: string;
}

/** A logged-in session and the mailbox listing read with the login. */
export interface MailboxSession {
  readonly client: Pop3Client;
  /** UIDL by message number. */
  readonly uidls: Map<number, string>;
  /** Size in octets by message number. */
  readonly sizes: Map<number, number>;
}

/**
 * Connects, logs in and lists the mailbox (UIDL and LIST). The listing is queued behind the
 * login, so with PIPELINING login and listing share one round trip. On any failure the
 * connection is closed before the error is thrown. A session the pipelining probe broke (before
 * anything was fetched) is opened once more; that one goes lock-step without probing.
 */
export async function openMailboxSession(
  connection: MailboxConnection,
  logger: Pop3Logger,
): Promise<MailboxSession> {
  try {
    return await openOnce(connection, logger);
  } catch (error) {
    if (!(error instanceof Pop3PipeliningProbeError)) throw error;
    return openOnce(connection, logger);
  }
}

async function openOnce(connection: MailboxConnection, logger: Pop3Logger): Promise<MailboxSession> {
  const client = await connectMailbox(connection, logger);
  try {
    const login = loginMailbox(client, connection);
    const listing = Promise.all([client.uidl(), client.list()]);
    // When the login fails the listing fails too; the login's error is the one worth reporting.
    listing.catch(() => undefined);
    await login;
    const [uidls, sizes] = await listing;
    return { client, uidls, sizes };
  } catch (error) {
    client.destroy();
    const hint = connection.loginRefusedHint;
    if (error instanceof Pop3AuthError && !error.temporary && hint !== undefined) throw error.withHint(hint);
    throw error;
  }
}

/** Connects to the mailbox's server (TLS and STLS as configured) and reads the greeting; no login. */
export function connectMailbox(connection: MailboxConnection, logger: Pop3Logger): Promise<Pop3Client> {
  return Pop3Client.connect({
    host: connection.host,
    port: connection.port,
    tls: connection.tls,
    verifyCertificate: connection.verifyCertificate,
    ...(connection.ca !== undefined ? { ca: connection.ca } : {}),
    timeoutMs: connection.timeoutMs,
    pipelineWindow: connection.pipelineWindow,
    ...(connection.pipelining !== undefined ? { pipelining: connection.pipelining } : {}),
    ...(connection.pipeliningMemory !== undefined ? { pipeliningMemory: connection.pipeliningMemory } : {}),
    logger,
  });
}

/**
 * Logs in with the mailbox's credential: USER/PASS, or XOAUTH2 with a token from its provider.
 * Commands issued before it resolves wait for it (see `Pop3Client.login`).
 */
export function loginMailbox(client: Pop3Client, connection: MailboxConnection): Promise<void> {
  return 'password' in connection.credential
    ? client.login({
        mechanism: 'user',
        username: connection.username,
        password: connection.credential.password,
      })
    : client.login({
        mechanism: 'xoauth2',
        username: connection.username,
        accessToken: connection.credential.accessToken,
      });
}
