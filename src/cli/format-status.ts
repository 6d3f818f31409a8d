import type {
  HelpdeskStatus,
  KeptMailCounts,
  MailboxStatus,
  PopdeskStatus,
  QueueStatus,
  SignInStatus,
} from '../status/popdesk-status.js';
import { terminalText } from './terminal-text.js';

/** Width of the label column, so the values line up. */
const LABEL_WIDTH = 14;

/**
 * `popdesk status` for a person: one block per mailbox, then the queue, the kept mail and the
 * helpdesk, one line each. Text a server sent (a failure reason) is made single-line and
 * terminal-safe, so it cannot forge a line of the block.
 */
export function formatStatus(status: PopdeskStatus): string {
  const now = Date.parse(status.at);
  const lines = [`popdesk status at ${status.at}`];
  for (const mailbox of status.mailboxes) lines.push('', ...mailboxLines(mailbox, now));
  lines.push(
    '',
    line('queue', queueText(status.queue)),
    line('dead letters', countsText(status.deadLetters)),
    line('filtered', countsText(status.filtered)),
    line('helpdesk', helpdeskText(status.helpdesk)),
  );
  return lines.join('\n');
}

function mailboxLines(mailbox: MailboxStatus, now: number): string[] {
  const { lastPoll } = mailbox;
  const lines = [`mailbox ${terminalText(mailbox.id, 'single-line')}`];
  if (lastPoll === null) lines.push(line('  last poll', 'never polled'));
  else {
    const seconds = (Date.parse(lastPoll.endedAt) - Date.parse(lastPoll.startedAt)) / 1000;
    // Most polls take under a second: whole seconds would show them all as 0s.
    const took = seconds < 10 ? `${seconds.toFixed(1)}s` : formatDuration(seconds);
    const counts =
      `${lastPoll.fetched} fetched, ${lastPoll.queued} new, ${lastPoll.duplicates} duplicate(s), ` +
      `${lastPoll.deadLettered} dead-lettered`;
    const result =
      lastPoll.result === 'ok'
        ? 'ok'
        : `FAILED: ${terminalText(lastPoll.reason ?? 'no reason recorded', 'single-line')}`;
    lines.push(
      line('  last poll', `${result}`),
      line('', `ended ${lastPoll.endedAt} (${ago(lastPoll.endedAt, now)}, took ${took}); ${counts}`),
    );
    if (lastPoll.result === 'failed')
      lines.push(
        line(
          '  last ok poll',
          mailbox.lastOkAt === null ? 'never' : `${mailbox.lastOkAt} (${ago(mailbox.lastOkAt, now)})`,
        ),
      );
  }
  lines.push(
    line('  failures', `${mailbox.consecutiveFailures} in a row`),
    line('  next poll', nextPollText(mailbox.nextPollAt, now)),
    line('  sign-in', signInText(mailbox.signIn, now)),
  );
  return lines;
}

function nextPollText(nextPollAt: string | null, now: number): string {
  if (nextPollAt === null) return 'not scheduled (no popdesk start has run against this Redis)';
  const inSeconds = (Date.parse(nextPollAt) - now) / 1000;
  return inSeconds >= 0
    ? `${nextPollAt} (in ${formatDuration(inSeconds)})`
    : `${nextPollAt} (overdue by ${formatDuration(-inSeconds)}: is a poller running?)`;
}

function signInText(signIn: SignInStatus, now: number): string {
  if (signIn.type === 'password') return 'password';
  if (signIn.type === 'oauth2-outlook-app') {
    if (signIn.credential === 'secret') return 'app-only (client secret; its expiry is set in Entra ID)';
    return signIn.certificateExpiresAt === null
      ? 'app-only (certificate)'
      : `app-only (certificate, expires ${signIn.certificateExpiresAt}, ${until(signIn.certificateExpiresAt, now)})`;
  }
  if (signIn.state === 'sign-in-needed') return `sign-in needed: run ${signIn.fix}`;
  if (signIn.state === 'unknown') return `unknown: ${terminalText(signIn.error, 'single-line')}`;
  const refresh =
    signIn.refreshTokenExpiresAt === null
      ? 'refresh token cached'
      : `refresh token expires ${signIn.refreshTokenExpiresAt} (${until(signIn.refreshTokenExpiresAt, now)})`;
  const access =
    signIn.accessTokenExpiresAt === null ? '' : `; access token expires ${signIn.accessTokenExpiresAt}`;
  return `signed in (oauth2-outlook): ${refresh}${access}`;
}

function queueText(queue: QueueStatus): string {
  const counts = `${queue.waiting} waiting, ${queue.active} active, ${queue.delayed} delayed, ${queue.failed} failed`;
  return queue.oldestWaitingAgeSeconds === null
    ? counts
    : `${counts}; oldest waiting for ${formatDuration(queue.oldestWaitingAgeSeconds)}`;
}

function countsText(counts: KeptMailCounts): string {
  const reasons = Object.entries(counts.byReason).map(([reason, count]) => `${reason} ${count}`);
  return reasons.length === 0 ? String(counts.total) : `${counts.total} (${reasons.join(', ')})`;
}

function helpdeskText(helpdesk: HelpdeskStatus): string {
  if (!helpdesk.paused) return 'delivering';
  return `PAUSED since ${helpdesk.pausedSince}: ${helpdesk.why}; next probe at ${helpdesk.nextProbeAt}`;
}

function line(label: string, value: string): string {
  return `${label.padEnd(LABEL_WIDTH)} ${value}`.trimEnd();
}

function ago(at: string, now: number): string {
  return `${formatDuration((now - Date.parse(at)) / 1000)} ago`;
}

function until(at: string, now: number): string {
  const seconds = (Date.parse(at) - now) / 1000;
  return seconds >= 0 ? `in ${formatDuration(seconds)}` : `EXPIRED ${formatDuration(-seconds)} ago`;
}

/** A span for a person: `0s`, `45s`, `3m 20s`, `2h 5m`, `3d 4h`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = total;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (unit === 's' && parts.length === 0)) parts.push(`${count}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
