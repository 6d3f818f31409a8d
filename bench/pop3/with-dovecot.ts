import { type DovecotServer, startDovecot } from '../../dev/servers/dovecot-server.js';
import type { Pop3Target } from './pop3-target.js';

/**
 * Runs `use` against a fresh private Dovecot (the tests' own launcher) and stops it afterwards,
 * whatever happens. `target` is its POP3S port with its first user's credentials.
 */
export async function withDovecot<T>(
  use: (dovecot: DovecotServer, target: Pop3Target) => Promise<T>,
): Promise<T> {
  const dovecot = await startDovecot();
  try {
    const user = dovecot.users[0];
    if (user === undefined) throw new Error('the Dovecot has no user');
    return await use(dovecot, {
      host: dovecot.host,
      port: dovecot.pop3sPort,
      certificate: dovecot.certificate,
      username: user.username,
      password: user.password,
    });
  } finally {
    await dovecot.stop();
  }
}
