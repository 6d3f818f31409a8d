import tls from 'node:tls';

/**
 * True when a TLS handshake to `host:port` completes, whatever the certificate: asked after a
 * plain (`tls: none`) session got no greeting, to tell a TLS port from a silent server.
 */
export function serverSpeaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    // Only whether the server answers in TLS matters here; the certificate is judged elsewhere.
    const socket = tls.connect({ host, port, rejectUnauthorized: false });
    const done = (speaksTls: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(speaksTls);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}
