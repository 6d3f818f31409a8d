import type { MailPreview } from '../app/dry-run-poll.js';
import type { HygieneStep } from '../hygiene/decide-hygiene.js';
import type { ThreadPreview } from '../worker/preview-mail.js';
import { terminalText } from './terminal-text.js';

/**
 * One mail of `poll-once --dry-run` as a block of lines for a person. Every field from the mail
 * or the server is made single-line and terminal-safe, so a Subject cannot forge a line. Pure.
 */
export function formatMailPreview(preview: MailPreview): string[] {
  const safe = (text: string): string => terminalText(text, 'single-line');
  const lines = [
    `${safe(preview.mailboxId)} #${preview.number} (UIDL ${safe(preview.uidl)}, ${preview.size} bytes)`,
  ];
  if (preview.taken)
    lines.push('  already taken in by an earlier poll: a real poll would not queue it again');
  if (preview.kind === 'unreadable') {
    lines.push(`  not readable: ${safe(preview.reason)}`);
    return lines;
  }
  const { classification, step, routing } = preview.plan;
  const signals = classification.signals.length > 0 ? ` (${classification.signals.join('; ')})` : '';
  const { route } = routing;
  lines.push(
    `  from:    ${safe(preview.from) || '(none)'}`,
    `  subject: ${safe(preview.subject) || '(none)'}`,
    `  class:   ${classification.class}${safe(signals)}`,
    `  hygiene: ${hygieneText(step)}`,
    `  route:   rule ${safe(routing.rule)}: target ${safe(route.target ?? '(helpdesk default)')}, priority ${
      route.priority ?? '(default)'
    }, tags ${route.tags.length > 0 ? safe(route.tags.join(', ')) : '(none)'}`,
    `  thread:  ${safe(threadText(preview.thread))}`,
  );
  return lines;
}

function hygieneText(step: HygieneStep): string {
  switch (step.action) {
    case 'deliver':
      return 'deliver';
    case 'note':
      return `note (${step.kind === 'bounce' ? 'a bounce' : 'an auto-reply'}: an internal note on its ticket, never a new one)`;
    case 'filter':
      return `filter (${step.reason}: ${step.detail})`;
  }
}

function threadText(thread: ThreadPreview): string {
  switch (thread.kind) {
    case 'reply':
      return `reply to ticket ${thread.ticketId} (via ${thread.via})`;
    case 'note':
      return `note on ticket ${thread.ticketId} (via ${thread.via}; if that ticket is open)`;
    case 'new':
      return `new ticket (${thread.reason})`;
    case 'none':
      return `no ticket (${thread.reason})`;
  }
}
