import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { PopdeskConfig } from '../config/index.js';
import {
  fetchOsTicketPublicForm,
  type OsTicketSetupProblem,
  osTicketSetupProblems,
} from '../helpdesk/osticket/osticket-public-form.js';
import { describeOsTicketSetupProblem } from '../helpdesk/osticket/osticket-setup-check.js';
import { routedTargets } from '../routing/routed-targets.js';

/**
 * Looks at start-up for settings the helpdesk will quietly not honour, and logs one warning for
 * each: today osTicket's, which files a ticket whose help topic id it does not know under no
 * topic, and in json mode drops files over its own size limit while answering 201. A warning,
 * not a refusal: a private help topic is fine but looks unknown from outside, and the check
 * must never keep popdesk from taking in mail. Resolves with the problems found.
 */
export async function warnAboutHelpdeskSetup(
  config: PopdeskConfig,
  http: AxiosInstance,
  logger: Logger,
): Promise<OsTicketSetupProblem[]> {
  const helpdesk = config.helpdesk;
  if (helpdesk.type !== 'osticket') return [];
  const topic = helpdesk.topicId === undefined ? [] : [String(helpdesk.topicId)];
  const targets = [...new Set([...topic, ...routedTargets(config)])];
  let problems: OsTicketSetupProblem[];
  try {
    const form = await fetchOsTicketPublicForm({
      url: helpdesk.url,
      timeoutMs: helpdesk.timeout,
      http,
      now: () => Date.now(),
    });
    problems = osTicketSetupProblems(
      { targets, mode: helpdesk.mode, maxFileSize: helpdesk.maxFileSize },
      form,
    );
  } catch (error) {
    logger.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      "could not read osTicket's public ticket form to check the help topics and the file size limit",
    );
    return [];
  }
  for (const problem of problems) logger.warn({ problem }, describeOsTicketSetupProblem(problem));
  return problems;
}
