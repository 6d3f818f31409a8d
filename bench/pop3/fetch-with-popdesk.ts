import { performance } from 'node:perf_hooks';
import { Pop3Client, sizeLimitFromList } from '../../src/pop3/index.js';
import { CERTIFICATE_NAME, type FetchOutcome, type Pop3Target } from './pop3-target.js';

/**
 * One poll session the way popdesk's poller runs it: connect over implicit TLS, USER/PASS with
 * LIST and UIDL queued behind it, then RETR and DELE for every message, issued all at once so the client pipelines
 * them, then QUIT. Bodies are counted and dropped as they complete, so at most a few are held.
 */
export async function fetchWithPopdesk(target: Pop3Target): Promise<FetchOutcome> {
  const started = performance.now();
  const client = await Pop3Client.connect({
    host: target.host,
    port: target.port,
    tls: 'implicit',
    ca: target.certificate,
    servername: CERTIFICATE_NAME,
  });
  try {
    // As openMailboxSession does: the listing is queued behind the login, one round trip for both.
    const login = client.login({ mechanism: 'user', username: target.username, password: target.password });
    const listing = Promise.all([client.list(), client.uidl()]);
    listing.catch(() => undefined);
    await login;
    const [sizes] = await listing;
    let bytes = 0;
    const pending: Promise<void>[] = [];
    for (const [message, size] of sizes) {
      pending.push(
        client.retrieve(message, { maxBytes: sizeLimitFromList(size) }).then((body) => {
          bytes += body.length;
        }),
        client.dele(message),
      );
    }
    await Promise.all(pending);
    await client.quit();
    return { messages: sizes.size, bytes, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    client.destroy();
    throw error;
  }
}
