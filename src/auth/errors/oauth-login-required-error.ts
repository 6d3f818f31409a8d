import { loginCommand } from '../login-command.js';
import { OAuthError } from './oauth-error.js';

/** Why a person has to sign in again. */
export type LoginRequiredReason = 'missing' | 'expired' | 'unreadable';

const WHAT_HAPPENED: Record<LoginRequiredReason, (service: string) => string> = {
  missing: (service) => `no ${service} login is stored for this mailbox`,
  expired: (service) => `the ${service} login has expired or was revoked`,
  unreadable: (service) => `the stored ${service} login is unreadable`,
};

/**
 * Silent token acquisition cannot succeed until a person runs the device-code login again: no
 * login is stored, or Microsoft says the grant is dead (`invalid_grant`, `interaction_required`,
 * an expired or revoked refresh token). Retrying does not help; alert a person with `message`.
 */
export class OAuthLoginRequiredError extends OAuthError {
  override name = 'OAuthLoginRequiredError';

  readonly mailboxId: string;
  readonly reason: LoginRequiredReason;
  /** The command that fixes it, e.g. `popdesk auth outlook --mailbox support`. */
  readonly command: string;

  /** @param service - how the account is called in the message, e.g. `Outlook.com`. */
  constructor(
    mailboxId: string,
    reason: LoginRequiredReason,
    service: string,
    options?: { cause?: unknown },
  ) {
    const command = loginCommand(mailboxId);
    super(`mailbox "${mailboxId}": ${WHAT_HAPPENED[reason](service)}; run: ${command}`, options);
    this.mailboxId = mailboxId;
    this.reason = reason;
    this.command = command;
  }
}
