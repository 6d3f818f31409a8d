import { performance } from 'node:perf_hooks';
import {
  type PipeliningMode,
  Pop3Client,
  Pop3PipeliningProbeError,
  sizeLimitFromList,
} from '../../src/pop3/index.js';
import { CERTIFICATE_NAME, type FetchOutcome, type Pop3Target } from './pop3-target.js';

/**
 * One poll session the way popdesk's poller runs it: connect over implicit TLS (or plain),
 * USER/PASS with LIST and UIDL queued behind it, then RETR and DELE for every message, issued
 * all at once so the client pipelines them as far as `pipelining` lets it, then QUIT. Bodies are
 * counted and dropped as they complete, so at most a few are held. A session the pipelining
 * probe broke is opened once more, as the poller does; the time includes both.
 */
export async function fetchWithPopdesk(
  target: Pop3Target,
  pipelining: PipeliningMode = 'auto',
): Promise<FetchOutcome> {
  const started = performance.now();
  try {
    return await fetchOnce(target, pipelining, started);
  } catch (error) {
    if (!(error instanceof Pop3PipeliningProbeError)) throw error;
    return fetchOnce(target, pipelining, started);
  }
}

async function fetchOnce(
  target: Pop3Target,
  pipelining: PipeliningMode,
  started: number,
): Promise<FetchOutcome> {
  const client = await Pop3Client.connect({
    host: target.host,
    port: target.port,
    ...(target.plain === true
      ? { tls: 'none' as const }
      : { tls: 'implicit' as const, ca: target.certificate, servername: CERTIFICATE_NAME }),
    pipelining,
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
