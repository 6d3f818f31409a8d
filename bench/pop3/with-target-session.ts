import { Pop3Client } from '../../src/pop3/index.js';
import { CERTIFICATE_NAME, type Pop3Target } from './pop3-target.js';

/**
 * An untimed POP3S session on `target`, logged in: `work` runs in it, then QUIT commits what it
 * did. For the housekeeping around timed sessions (warming the mailbox up, emptying it).
 */
export async function withTargetSession<T>(
  target: Pop3Target,
  work: (client: Pop3Client) => Promise<T>,
): Promise<T> {
  const client = await Pop3Client.connect({
    host: target.host,
    port: target.port,
    tls: 'implicit',
    ca: target.certificate,
    servername: CERTIFICATE_NAME,
  });
  try {
    await client.login({ mechanism: 'user', username: target.username, password: target.password });
    const result = await work(client);
    await client.quit();
    return result;
  } catch (error) {
    client.destroy();
    throw error;
  }
}
