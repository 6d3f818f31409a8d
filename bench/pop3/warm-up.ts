import { Pop3Client, type Pop3Stat } from '../../src/pop3/index.js';
import { CERTIFICATE_NAME, type Pop3Target } from './pop3-target.js';

/**
 * A STAT-only session, untimed, before every timed one. Dovecot moves new mail to cur/ and
 * computes every message's size on the first session that opens a Maildir (the delivered file
 * names carry `S=` but not `W=`); doing that here puts both clients in front of the same warm
 * mailbox instead of charging whichever goes first.
 */
export async function warmUpMailbox(target: Pop3Target): Promise<Pop3Stat> {
  const client = await Pop3Client.connect({
    host: target.host,
    port: target.port,
    tls: 'implicit',
    ca: target.certificate,
    servername: CERTIFICATE_NAME,
  });
  try {
    await client.login({ mechanism: 'user', username: target.username, password: target.password });
    const stat = await client.stat();
    await client.quit();
    return stat;
  } catch (error) {
    client.destroy();
    throw error;
  }
}
