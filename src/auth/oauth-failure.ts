import { classifyMsalError } from './classify-msal-error.js';
import { OAuthConfigurationError } from './errors/oauth-configuration-error.js';
import type { OAuthError } from './errors/oauth-error.js';
import { OAuthLoginRequiredError } from './errors/oauth-login-required-error.js';
import { OAuthTemporaryError } from './errors/oauth-temporary-error.js';
import { TokenCacheCorruptError } from './errors/token-cache-corrupt-error.js';
import { TokenCacheStoreError } from './errors/token-cache-store-error.js';
import { msalErrorFields, msalErrorTag } from './msal-error-fields.js';
import type { OAuthLogger } from './oauth-logger.js';

/** Whose token was being fetched, for messages and log lines. */
export interface OAuthFailureContext {
  readonly mailboxId: string;
  /** `Outlook.com` or `Microsoft 365`. */
  readonly service: string;
  readonly logger: OAuthLogger;
}

/**
 * Turns whatever a silent token acquisition threw (MSAL errors, token store errors) into the
 * error the POP3 session sees, and logs it once with MSAL's codes and correlation id.
 */
export function oauthFailure(error: unknown, context: OAuthFailureContext): OAuthError {
  const { mailboxId, service, logger } = context;
  if (error instanceof TokenCacheCorruptError) {
    const failure = new OAuthLoginRequiredError(mailboxId, 'unreadable', service, { cause: error });
    logger.error({ mailboxId, errorName: error.name }, failure.message);
    return failure;
  }
  if (error instanceof TokenCacheStoreError) {
    const failure = new OAuthTemporaryError(`mailbox "${mailboxId}": ${error.message}`, { cause: error });
    logger.warn({ mailboxId, errorName: error.name }, failure.message);
    return failure;
  }

  const fields = { mailboxId, ...msalErrorFields(error) };
  const tag = msalErrorTag(fields);
  switch (classifyMsalError(error)) {
    case 'login-required': {
      const failure = new OAuthLoginRequiredError(mailboxId, 'expired', service, { cause: error });
      logger.error(fields, failure.message);
      return failure;
    }
    case 'configuration': {
      const failure = new OAuthConfigurationError(
        `mailbox "${mailboxId}": Microsoft rejected the token request (${tag}); check the client id, the tenant and that the app registration allows public client flows`,
        { cause: error },
      );
      logger.error(fields, failure.message);
      return failure;
    }
    case 'temporary': {
      const failure = new OAuthTemporaryError(
        `mailbox "${mailboxId}": could not get an access token from Microsoft (${tag}); will retry`,
        { cause: error },
      );
      logger.warn(fields, failure.message);
      return failure;
    }
  }
}
