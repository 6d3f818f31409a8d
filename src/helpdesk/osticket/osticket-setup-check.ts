import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import {
  fetchOsTicketPublicForm,
  type OsTicketFormLookupOptions,
  type OsTicketSetupProblem,
  osTicketSetupProblems,
} from './osticket-public-form.js';

/** A sentence for the operator about one {@link OsTicketSetupProblem}. */
export function describeOsTicketSetupProblem(problem: OsTicketSetupProblem): string {
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

/**
 * Reads osTicket's public ticket form for the help topics and the file size limit (see
 * {@link fetchOsTicketPublicForm}). A topic that is not public passes with a warning, since a
 * private one works but looks the same from outside. The API key cannot be checked: osTicket's
 * API has no call that does not open a ticket.
 */
export async function checkOsTicketSetup(
  lookup: OsTicketFormLookupOptions,
  settings: {
    readonly targets: readonly string[];
    readonly mode: 'json' | 'raw-mail';
    readonly maxFileSize: number;
  },
): Promise<HelpdeskSetupCheck[]> {
  const form = await fetchOsTicketPublicForm(lookup);
  const problems = osTicketSetupProblems(settings, form);
  const checks: HelpdeskSetupCheck[] = [
    {
      what: 'api key',
      ok: true,
      detail:
        "not checked: osTicket's API has no call that does not open a ticket (a 401 shows at the first mail)",
    },
    {
      what: 'ticket form',
      ok: true,
      detail: `public help topics: ${[...form.topics].map(([id, name]) => `${id} ${name}`).join(', ') || 'none'}`,
    },
  ];
  for (const problem of problems) {
    const what = 'target' in problem ? `help topic ${problem.target}` : 'files';
    // A private topic works, so it is a warning only.
    checks.push({
      what,
      ok: problem.kind === 'target-not-public',
      detail: describeOsTicketSetupProblem(problem),
    });
  }
  return checks;
}
