import type { InboundMail } from '../mail/index.js';

/** The parts of a mail classification reads: its sender, subject, recorded headers and reported mail. */
export type ClassifiableMail = Pick<InboundMail, 'from' | 'subject' | 'headers' | 'reportedMail'>;
