import { afterEach } from 'vitest';
import { Pop3Client, type Pop3ClientOptions } from '../../src/pop3/index.js';
import { type FaultServer, type FaultServerOptions, startFaultServer } from './fault-pop3-server.js';

/** Fault servers started by one test file, and clients for them; every server is closed after each test. */
export interface FaultFixture {
  serve(options: FaultServerOptions): Promise<FaultServer>;
  connect(server: FaultServer, options?: Partial<Pop3ClientOptions>): Promise<Pop3Client>;
  loggedIn(server: FaultServer, options?: Partial<Pop3ClientOptions>): Promise<Pop3Client>;
}

/** Registers an `afterEach` that closes what the test started; call once at the top of a test file. */
export function useFaultServers(): FaultFixture {
  const servers: FaultServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const connect = (server: FaultServer, options: Partial<Pop3ClientOptions> = {}): Promise<Pop3Client> =>
    Pop3Client.connect({ host: '127.0.0.1', port: server.port, tls: 'none', timeoutMs: 2000, ...options });
  return {
    async serve(options) {
      const server = await startFaultServer(options);
      servers.push(server);
      return server;
    },
    connect,
    async loggedIn(server, options = {}) {
      const client = await connect(server, options);
      await client.login({ mechanism: 'user', username: 'user', password: 'secret' });
      return client;
    },
  };
}

/** The reason `promise` rejects with; fails when it resolves instead. */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
