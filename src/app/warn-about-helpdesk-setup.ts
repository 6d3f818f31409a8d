import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { PopdeskConfig } from '../config/index.js';
import {
  fetchOsTicketPublicForm,
  type OsTicketSetupProblem,
  osTicketSetupProblems,
} from '../helpdesk/osticket/osticket-public-form.js';

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
  const targets = [
    ...new Set(
      [
        helpdesk.topicId === undefined ? undefined : String(helpdesk.topicId),
        config.routing.default.target,
        ...config.routing.rules.map((rule) => rule.route.target),
      ].filter((target): target is string => target !== undefined),
    ),
  ];
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
  for (const problem of problems) logger.warn({ problem }, describe(problem));
  return problems;
}

function describe(problem: OsTicketSetupProblem): string {
  switch (problem.kind) {
    case 'target-not-an-id':
      return `osTicket route target "${problem.target}" is not a help topic id: use the topic's number`;
    case 'target-not-public':
      return `osTicket route target ${problem.target} is no public help topic: unless it is a private one, osTicket files such tickets under no topic`;
    case 'max-file-size-too-big':
      return `helpdesk.maxFileSize (${problem.configured} bytes) is above osTicket's limit (${problem.osTicket} bytes): in json mode osTicket drops files between the two; lower it`;
    case 'no-file-upload':
      return "osTicket's ticket form takes no files: in json mode it may drop every attachment; use mode: raw-mail or allow attachments";
  }
}
