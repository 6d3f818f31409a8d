import type { AxiosInstance } from 'axios';
import type { HelpdeskConfig } from '../config/index.js';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';

/**
 * Builds the adapter the config names, with the HTTP client and clock it is given. Only that
 * adapter's module is loaded: a process delivering to RT never loads the Zendesk client.
 */
export async function createHelpdeskAdapter(
  config: HelpdeskConfig,
  http: AxiosInstance,
  now: () => number,
): Promise<HelpdeskAdapter> {
  const common = { timeoutMs: config.timeout, http, now };
  switch (config.type) {
    case 'webhook': {
      const { WebhookAdapter } = await import('../helpdesk/webhook/webhook-adapter.js');
      return new WebhookAdapter({
        ...common,
        url: config.url,
        secret: config.secret,
        headers: config.headers,
      });
    }
    case 'rt': {
      const { RtAdapter } = await import('../helpdesk/rt/rt-adapter.js');
      return new RtAdapter({
        ...common,
        url: config.url,
        auth:
          config.token !== undefined
            ? { token: config.token }
            : { username: config.username ?? '', password: config.password ?? '' },
        defaultQueue: config.defaultQueue,
        rtname: config.rtname,
        messageIdField: config.messageIdField,
        ...(config.replyMessageIdField !== undefined
          ? { replyMessageIdField: config.replyMessageIdField }
          : {}),
        ...(config.tagsField !== undefined ? { tagsField: config.tagsField } : {}),
        priorities: config.priorities,
        closedStatuses: config.closedStatuses,
        reopenStatus: config.reopenStatus,
      });
    }
    case 'zammad': {
      const { ZammadAdapter } = await import('../helpdesk/zammad/zammad-adapter.js');
      return new ZammadAdapter({
        ...common,
        url: config.url,
        token: config.token,
        defaultGroup: config.defaultGroup,
        ...(config.customerFallback !== undefined ? { customerFallback: config.customerFallback } : {}),
        ticketHook: { hook: config.ticketHook, divider: config.ticketHookDivider },
        priorities: config.priorities,
        closedStates: config.closedStates,
      });
    }
    case 'osticket': {
      const { OsTicketAdapter } = await import('../helpdesk/osticket/osticket-adapter.js');
      return new OsTicketAdapter({
        ...common,
        url: config.url,
        apiKey: config.apiKey,
        mode: config.mode,
        ...(config.topicId !== undefined ? { topicId: config.topicId } : {}),
        priorities: config.priorities,
        maxFileSize: config.maxFileSize,
      });
    }
    case 'freshdesk': {
      const { FreshdeskAdapter } = await import('../helpdesk/freshdesk/freshdesk-adapter.js');
      return new FreshdeskAdapter({
        ...common,
        ...(config.url !== undefined ? { url: config.url } : { domain: config.domain ?? '' }),
        apiKey: config.apiKey,
        ...(config.defaultGroupId !== undefined ? { defaultGroupId: config.defaultGroupId } : {}),
        ...(config.messageIdField !== undefined ? { messageIdField: config.messageIdField } : {}),
        ...(config.subjectPattern !== undefined ? { subjectPattern: config.subjectPattern } : {}),
        maxAttachmentBytes: config.maxAttachmentSize,
      });
    }
    case 'zendesk': {
      const { ZendeskAdapter } = await import('../helpdesk/zendesk/zendesk-adapter.js');
      return new ZendeskAdapter({
        ...common,
        ...(config.url !== undefined ? { url: config.url } : { subdomain: config.subdomain ?? '' }),
        email: config.email,
        apiToken: config.apiToken,
        ...(config.defaultGroupId !== undefined ? { defaultGroupId: config.defaultGroupId } : {}),
        ...(config.subjectPattern !== undefined ? { subjectPattern: config.subjectPattern } : {}),
        maxAttachmentBytes: config.maxAttachmentSize,
      });
    }
  }
}
