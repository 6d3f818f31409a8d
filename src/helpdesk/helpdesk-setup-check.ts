/**
 * One finding of `HelpdeskAdapter.checkSetup`, for `popdesk check`: what was looked at (`auth`,
 * `queue General`), whether it is as popdesk needs it, what was found or what is wrong, and for
 * a problem what to change.
 */
export interface HelpdeskSetupCheck {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
}
