/**
 * The scope of an app-only token for Exchange Online's POP3, IMAP and SMTP: `.default` asks for
 * every application permission the admin consented to, `POP.AccessAsApp` among them.
 */
export const OUTLOOK_APP_SCOPES: readonly string[] = ['https://outlook.office365.com/.default'];
