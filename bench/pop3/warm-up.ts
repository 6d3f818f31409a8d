import type { Pop3Stat } from '../../src/pop3/index.js';
import type { Pop3Target } from './pop3-target.js';
import { withTargetSession } from './with-target-session.js';

/**
 * A STAT-only session, untimed, before every timed one. Dovecot moves new mail to cur/ and
 * computes every message's size on the first session that opens a Maildir (the delivered file
 * names carry `S=` but not `W=`); doing that here puts both clients in front of the same warm
 * mailbox instead of charging whichever goes first.
 */
export function warmUpMailbox(target: Pop3Target): Promise<Pop3Stat> {
  return withTargetSession(target, (client) => client.stat());
}
