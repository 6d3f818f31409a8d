import { Pop3Client, type Pop3Logger, type Pop3TlsMode } from '../pop3/index.js';

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
  /** A password, or a function returning a fresh OAuth2 access token (called once per session). */
  readonly credential: { readonly password: string } | { readonly accessToken: () => Promise<string> };
}

/** Connects and logs in; on a failed login the connection is closed before the error is thrown. */
export async function openMailboxSession(
  connection: MailboxConnection,
  logger: Pop3Logger,
): Promise<Pop3Client> {
  const client = await Pop3Client.connect({
    host: connection.host,
    port: connection.port,
    tls: connection.tls,
    verifyCertificate: connection.verifyCertificate,
    ...(connection.ca !== undefined ? { ca: connection.ca } : {}),
    timeoutMs: connection.timeoutMs,
    pipelineWindow: connection.pipelineWindow,
    logger,
  });
  try {
    if ('password' in connection.credential) {
      await client.login({
        mechanism: 'user',
        username: connection.username,
        password: connection.credential.password,
      });
    } else {
      await client.login({
        mechanism: 'xoauth2',
        username: connection.username,
        accessToken: connection.credential.accessToken,
      });
    }
    return client;
  } catch (error) {
    client.destroy();
    throw error;
  }
}
