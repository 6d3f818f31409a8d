/** Thrown when the HTTP listener cannot open `http.host:http.port` (the port is taken, the address is not this host's). */
export class HttpListenError extends Error {
  override name = 'HttpListenError';

  constructor(host: string, port: number, cause: Error & { code?: string }) {
    const why =
      cause.code === 'EADDRINUSE'
        ? 'the port is in use by another process'
        : cause.code === 'EADDRNOTAVAIL'
          ? 'the address is not one of this host'
          : cause.message;
    super(
      `cannot listen on http.host:http.port = ${host}:${port}: ${why}. Set http.port (or POPDESK_HTTP_PORT) to a free port`,
      {
        cause,
      },
    );
  }
}
