/** What a hidden value is replaced with in anything popdesk logs or prints. */
export const REDACTED = '[redacted]';
