import type { AxiosInstance } from 'axios';
import { createHelpdeskAdapter } from '../app/create-helpdesk-adapter.js';
import { helpdeskCredentialHint } from '../app/helpdesk-credential-hint.js';
import type { PopdeskConfig } from '../config/index.js';
import { HelpdeskError } from '../helpdesk/helpdesk-error.js';
import { routedTargets } from '../routing/routed-targets.js';
import { within } from '../timeouts/within.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';

/**
 * Checks the configured helpdesk through its adapter's `checkSetup`: popdesk's credentials, and
 * the queues, groups or help topics and custom fields popdesk will use. Creates nothing. Each
 * request has `timeoutMs`; the whole check gets one per destination plus one.
 */
export async function checkHelpdesk(
  config: PopdeskConfig,
  http: AxiosInstance,
  timeoutMs: number,
): Promise<CheckResult[]> {
  const helpdesk = { ...config.helpdesk, timeout: Math.min(config.helpdesk.timeout, timeoutMs) };
  const adapter = await createHelpdeskAdapter(helpdesk, http, () => Date.now());
  const name = (what: string): string => `helpdesk ${adapter.name}: ${what}`;
  if (adapter.checkSetup === undefined) {
    return [skipped(name('setup'), 'this adapter has nothing popdesk can check without creating a ticket')];
  }
  const targets = routedTargets(config);
  try {
    const checks = await within(
      adapter.checkSetup(targets),
      timeoutMs * (targets.length + 2),
      `checking the ${adapter.name} helpdesk`,
    );
    return checks.map((check) =>
      check.ok ? passed(name(check.what), check.detail) : failed(name(check.what), check.detail, check.fix),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof HelpdeskError && (error.status === 401 || error.status === 403)) {
      return [failed(name('auth'), message, helpdeskCredentialHint(config.helpdesk))];
    }
    return [failed(name('reachable'), message, 'check helpdesk.url and that the helpdesk is up')];
  }
}
