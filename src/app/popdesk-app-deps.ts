import type { INetworkModule } from '@azure/msal-node';
import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { PendingMail } from '../queue/pending-mails.js';
import type { RedisPatience } from './connect-redis.js';

/**
 * What {@link PopdeskApp.create} needs besides the config: the world it talks to (log, HTTP,
 * clock, helpdesk, Redis's start-up). Hooks into the app's own parts, which only tests use, are
 * `PopdeskAppTestSeams`.
 */
export interface PopdeskAppDeps {
  readonly logger: Logger;
  readonly http: AxiosInstance;
  readonly now?: () => Date;
  readonly adapter?: HelpdeskAdapter;
  /**
   * How long {@link PopdeskApp.create} waits for Redis: `start` waits as long as it takes; the
   * default gives up after ten seconds, as a one-shot command must.
   */
  readonly redisPatience?: RedisPatience;
  /** HTTP client MSAL uses to reach Microsoft's login service (an egress proxy; tests play Microsoft). */
  readonly msalNetworkClient?: INetworkModule;
}

/** Where every mail a poll queued ended up. */
export interface Outcomes {
  readonly tickets: Map<string, string>;
  readonly deadLetters: string[];
  /** Mails the hygiene policy kept back (see `popdesk filtered`). */
  readonly filtered: string[];
  /** Mails with none of these when the wait's deadline came. */
  readonly pending: PendingMail[];
}
