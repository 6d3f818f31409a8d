import type { TicketRoute } from '../helpdesk/helpdesk-adapter.js';
import { type ClassifySettings, classifyMail } from '../hygiene/classify-mail.js';
import { decideHygiene, type HygienePolicy, type HygieneStep } from '../hygiene/decide-hygiene.js';
import type { MailClassification } from '../hygiene/mail-classification.js';
import type { InboundMail } from '../mail/index.js';
import { type RoutingDecision, routeMail } from '../routing/route-mail.js';
import type { RoutingRule } from '../routing/routing-rule.js';
import {
  resolveThread,
  type ThreadableMail,
  type ThreadDecision,
  type ThreadEvidence,
  type ThreadTrust,
} from '../threading/resolve-thread.js';
import { noteThreadable } from './find-note-target.js';

/** The configuration a preview decides under: what the worker is built with. */
export interface PreviewSettings {
  readonly classify: ClassifySettings;
  readonly hygiene: HygienePolicy;
  /** The helpdesk adapter can add internal notes. */
  readonly adapterNotes: boolean;
  readonly adapterName: string;
  readonly rules: readonly RoutingRule[];
  readonly fallback: TicketRoute;
  readonly trust: ThreadTrust;
}

/** A mail as threading looks it up: Message-IDs, sender and subject (for the helpdesk's tag). */
export type ThreadLookup = ThreadableMail & Pick<InboundMail, 'subject'>;

/** What the worker would decide about a mail before any lookup. */
export interface PreviewPlan {
  readonly classification: MailClassification;
  readonly step: HygieneStep;
  readonly routing: RoutingDecision;
  /**
   * What threading looks up and under which trust: the mail itself, or for a bounce the mail it
   * reports (trusted whoever sent it). None when hygiene filters the mail before any lookup,
   * or a bounce carries no returned headers.
   */
  readonly lookup?: { readonly mail: ThreadLookup; readonly trust: ThreadTrust };
}

/** The threading part of a preview: where the mail would go, and why. */
export type ThreadPreview =
  /** A mail to deliver: what threading decides for it. */
  | ThreadDecision
  /** An auto-reply or bounce that would become an internal note on this ticket (if it is open). */
  | { readonly kind: 'note'; readonly ticketId: string; readonly via: string }
  /** Nothing threaded: the mail is filtered (see the reason). */
  | { readonly kind: 'none'; readonly reason: string };

/**
 * Decides, as the worker would (`handleMail`, `deliverMail`, `findNoteTarget`), the class of a
 * parsed mail, its hygiene step and its route, and what threading has to look up. Pure: the
 * same classifier, policy and routing rules, so `poll-once --dry-run` cannot drift from delivery.
 */
export function planMailPreview(
  mail: InboundMail,
  mailboxId: string,
  settings: PreviewSettings,
): PreviewPlan {
  const classification = classifyMail(mail, settings.classify);
  const step = decideHygiene(classification, settings.hygiene, {
    requeued: false,
    adapterNotes: settings.adapterNotes,
    adapterName: settings.adapterName,
  });
  const routing = routeMail(mail, mailboxId, settings.rules, settings.fallback);
  const plan = { classification, step, routing };
  if (step.action === 'deliver') return { ...plan, lookup: { mail, trust: settings.trust } };
  if (step.action === 'filter') return plan;
  const threadable = noteThreadable(step.kind, mail);
  if (threadable === undefined) return plan;
  return { ...plan, lookup: { mail: threadable, trust: step.kind === 'bounce' ? 'any' : settings.trust } };
}

/**
 * Where the planned mail would go, from the evidence gathered for `plan.lookup`. Pure. A
 * mail to deliver is a reply or a new ticket (`resolveThread`); an auto-reply or bounce is a
 * note on the ticket it threads to, or filtered: machines' mail never opens a ticket.
 */
export function previewThread(plan: PreviewPlan, evidence: ThreadEvidence | undefined): ThreadPreview {
  const { step, lookup } = plan;
  if (step.action === 'filter') return { kind: 'none', reason: step.detail };
  if (lookup === undefined || evidence === undefined) {
    return { kind: 'none', reason: 'a bounce without the returned headers of the mail it reports' };
  }
  const decision = resolveThread(lookup.mail, evidence, lookup.trust);
  if (step.action === 'deliver') return decision;
  if (decision.kind === 'reply') return { kind: 'note', ticketId: decision.ticketId, via: decision.via };
  return {
    kind: 'none',
    reason: `${step.kind === 'bounce' ? 'a bounce' : 'an auto-reply'} to no known ticket (${decision.reason}): filtered`,
  };
}
