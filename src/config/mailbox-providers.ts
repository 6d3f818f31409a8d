import { isMapping } from './config-tree.js';

/** Names accepted by a mailbox's `provider` key. */
export const MAILBOX_PROVIDER_NAMES = ['outlook'] as const;

/** A mail service popdesk knows the settings of. */
export type MailboxProviderName = (typeof MAILBOX_PROVIDER_NAMES)[number];

/** The mailbox keys a provider fills in; the port then follows from `tls` (995 for implicit). */
export interface MailboxProviderPreset {
  readonly host: string;
  readonly tls: 'implicit';
  readonly authType: 'oauth2-outlook';
}

/** Settings of each known provider. */
export const MAILBOX_PROVIDERS: Readonly<Record<MailboxProviderName, MailboxProviderPreset>> = {
  // Outlook.com and Microsoft 365 accept only OAuth 2 (XOAUTH2) for POP3, over implicit TLS.
  outlook: { host: 'outlook.office365.com', tls: 'implicit', authType: 'oauth2-outlook' },
};

/**
 * Fills the keys a mailbox's `provider` implies and that the mailbox does not set itself, so
 * explicit keys always win. Anything that is not a mailbox with a known provider is returned as
 * is, for the schema to report.
 */
export function applyProviderPreset(mailbox: unknown): unknown {
  if (!isMapping(mailbox)) return mailbox;
  const name = MAILBOX_PROVIDER_NAMES.find((known) => known === mailbox.provider);
  if (name === undefined) return mailbox;
  const preset = MAILBOX_PROVIDERS[name];
  let auth = mailbox.auth;
  if (auth === undefined) auth = { type: preset.authType };
  else if (isMapping(auth) && auth.type === undefined) auth = { type: preset.authType, ...auth };
  return { host: preset.host, tls: preset.tls, ...mailbox, auth };
}
