import net, { type Socket } from 'node:net';
import tls, { type ConnectionOptions } from 'node:tls';
import { Pop3ConnectionError } from './errors/pop3-connection-error.js';
import { Pop3TimeoutError } from './errors/pop3-timeout-error.js';
import type { Pop3Logger } from './pop3-logger.js';

/** `implicit`: TLS from the first byte (port 995). `starttls`: plain, then STLS (RFC 2595). `none`: plain TCP. */
export type Pop3TlsMode = 'implicit' | 'starttls' | 'none';

/** Where to connect and how to secure the connection. */
export interface Pop3TransportOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: Pop3TlsMode;
  /**
   * Set to false to accept any certificate. Meant for a lab server with a self-signed
   * certificate; prefer `ca`. Every connection made this way logs a warning.
   */
  readonly verifyCertificate?: boolean;
  /** Extra trusted CA certificates (PEM), for a private CA or a self-signed server. */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Name checked against the certificate and sent as SNI; defaults to `host`. */
  readonly servername?: string;
  readonly connectTimeoutMs: number;
}

/** Opens the TCP connection, with TLS at once when `tls` is `implicit`. */
export function openSocket(options: Pop3TransportOptions, logger: Pop3Logger): Promise<Socket> {
  if (options.tls === 'implicit') {
    return secure(
      () => tls.connect({ ...tlsOptions(options, logger), host: options.host, port: options.port }),
      options,
    );
  }
  return settle(net.connect({ host: options.host, port: options.port }), 'connect', options);
}

/** Wraps an open plain socket in TLS after the server accepted STLS. */
export function upgradeToTls(
  socket: Socket,
  options: Pop3TransportOptions,
  logger: Pop3Logger,
): Promise<Socket> {
  return secure(() => tls.connect({ ...tlsOptions(options, logger), socket }), options);
}

/**
 * The TLS settings every POP3 connection uses (verification, CA, SNI, TLS 1.2 at least); exported
 * so `popdesk check` can inspect a certificate the way a session would see it.
 */
export function tlsOptions(options: Pop3TransportOptions, logger: Pop3Logger): ConnectionOptions {
  const verify = options.verifyCertificate !== false;
  if (!verify) {
    logger.warn(
      { host: options.host, port: options.port },
      'TLS certificate verification is turned off for this POP3 connection',
    );
  }
  const servername = options.servername ?? options.host;
  return {
    rejectUnauthorized: verify,
    minVersion: 'TLSv1.2',
    // RFC 6066 forbids IP literals in SNI; the certificate is still checked against the IP.
    ...(net.isIP(servername) === 0 ? { servername } : {}),
    // Explicit, because after STLS the TLS layer does not know the host name it should check.
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(servername, cert),
    ...(options.ca !== undefined ? { ca: options.ca as Array<string | Buffer> } : {}),
  };
}

function secure(open: () => tls.TLSSocket, options: Pop3TransportOptions): Promise<Socket> {
  return settle(open(), 'secureConnect', options);
}

function settle(socket: Socket, readyEvent: string, options: Pop3TransportOptions): Promise<Socket> {
  const where = `${options.host}:${options.port}`;
  return new Promise<Socket>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      reject(
        new Pop3TimeoutError(
          `could not connect to ${where} within ${options.connectTimeoutMs} ms`,
          options.connectTimeoutMs,
        ),
      );
    }, options.connectTimeoutMs);
    const onReady = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(new Pop3ConnectionError(`could not connect to ${where}: ${error.message}`, { cause: error }));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
    };
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
  });
}
