import type { TicketRoute } from '../helpdesk/helpdesk-adapter.js';
import type { InboundMail } from '../mail/index.js';
import type { RouteMatch, RoutingRule } from './routing-rule.js';

/** Subjects are cut to this length before matching, so no rule runs over a megabyte of text. */
const MAX_SUBJECT = 1000;

/** The route chosen for a mail and the rule that chose it (`default` when none matched). */
export interface RoutingDecision {
  readonly route: TicketRoute;
  readonly rule: string;
}

/** The parts of a mail routing looks at. */
export type RoutableMail = Pick<InboundMail, 'from' | 'to' | 'cc' | 'subject' | 'headers'>;

/**
 * Chooses where a new ticket goes: the first rule whose every condition holds, else the
 * default. Pure; the rules come validated from the config.
 */
export function routeMail(
  mail: RoutableMail,
  mailboxId: string,
  rules: readonly RoutingRule[],
  fallback: TicketRoute,
): RoutingDecision {
  for (const rule of rules) {
    if (matches(rule.match, mail, mailboxId)) return { route: rule.route, rule: rule.name };
  }
  return { route: fallback, rule: 'default' };
}

function matches(match: RouteMatch, mail: RoutableMail, mailboxId: string): boolean {
  if (match.mailbox !== undefined && !match.mailbox.includes(mailboxId)) return false;
  if (
    match.to !== undefined &&
    !recipients(mail).some((address) => addressMatches(address, match.to ?? []))
  ) {
    return false;
  }
  if (match.from !== undefined) {
    const sender = mail.from?.address;
    if (sender === undefined || !addressMatches(sender, match.from)) return false;
  }
  if (match.subject !== undefined) {
    // A fresh RegExp: a /g or /y pattern keeps state between calls otherwise.
    if (!new RegExp(match.subject.source, match.subject.flags).test(mail.subject.slice(0, MAX_SUBJECT)))
      return false;
  }
  return true;
}

/** Every address the mail was sent to, lower-case: To, Cc and Delivered-To. */
function recipients(mail: RoutableMail): string[] {
  const delivered = mail.headers['delivered-to'];
  return [
    ...mail.to.map((address) => address.address),
    ...mail.cc.map((address) => address.address),
    ...(delivered !== undefined ? [delivered.trim().replace(/^<|>$/g, '')] : []),
  ].map((address) => address.toLowerCase());
}

/** `patterns` are addresses (`a@b.com`) or domains (`@b.com`, matching `b.com` and its subdomains). */
function addressMatches(address: string, patterns: readonly string[]): boolean {
  const lower = address.toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  return patterns.some((pattern) => {
    const wanted = pattern.toLowerCase();
    if (!wanted.startsWith('@')) return lower === wanted;
    const wantedDomain = wanted.slice(1);
    return domain === wantedDomain || domain.endsWith(`.${wantedDomain}`);
  });
}
