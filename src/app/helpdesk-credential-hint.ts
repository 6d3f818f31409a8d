import type { HelpdeskConfig } from '../config/index.js';

/**
 * What an operator should check when the helpdesk answers 401 or 403 to every mail: the config
 * keys holding popdesk's credentials for this helpdesk, and the permission the helpdesk wants.
 */
export function helpdeskCredentialHint(helpdesk: HelpdeskConfig): string {
  switch (helpdesk.type) {
    case 'webhook':
      return 'check helpdesk.secret (or helpdesk.secretFile) and any credential in helpdesk.headers';
    case 'rt':
      // RT's REST2 also answers 403 for a queue that does not exist.
      return 'check helpdesk.token (or helpdesk.username / helpdesk.password), and that this RT user may create tickets in the target queues and that those queues exist';
    case 'zammad':
      return 'check helpdesk.token (or helpdesk.tokenFile) and that its user may create tickets in the target groups';
    case 'osticket':
      return "check helpdesk.apiKey (or helpdesk.apiKeyFile) and that the API key is enabled for this host's IP address";
    case 'freshdesk':
      return 'check helpdesk.apiKey (or helpdesk.apiKeyFile) and that its agent may create tickets';
    case 'zendesk':
      return 'check helpdesk.email and helpdesk.apiToken (or helpdesk.apiTokenFile), and that token access is enabled';
  }
}
