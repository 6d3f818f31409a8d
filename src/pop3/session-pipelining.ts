import { probePipelining } from './commands/probe-pipelining.js';
import type { PipeliningMemory } from './pipelining-memory.js';
import { decidePipelining, type PipeliningMode, type PipeliningProbe } from './pipelining-mode.js';
import type { Pop3Connection } from './pop3-connection.js';
import type { Pop3Logger } from './pop3-logger.js';
import { afterInOrderReply, type ProbedWindow, startProbedWindow } from './probed-window.js';

/** What {@link SessionPipelining} needs to know about the session. */
export interface SessionPipeliningOptions {
  readonly mode: PipeliningMode;
  /** The window for a server that advertises PIPELINING, and the most a probed one grows to. */
  readonly maxWindow: number;
  readonly probeTimeoutMs: number;
  readonly memory: PipeliningMemory;
  /** `host:port`, the memory's key. */
  readonly host: string;
  readonly logger: Pop3Logger;
}

/**
 * The pipelining of one session: decided once after login, then, for a server that passed the
 * probe, a window that grows with every run of in-order replies. A probed pipeline that fails
 * from the far side (a reset mid-window, a reply that never comes) is remembered for the host.
 */
export class SessionPipelining {
  private found: PipeliningProbe = 'off';
  private window: ProbedWindow | undefined;

  constructor(
    private readonly connection: Pop3Connection,
    private readonly options: SessionPipeliningOptions,
  ) {
    connection.onReplyEnd(() => this.grow());
    connection.onFailure(() => {
      if (this.found === 'accepted') options.memory.refuse(options.host);
    });
  }

  /** What login found out; `off` before. */
  get probe(): PipeliningProbe {
    return this.found;
  }

  /**
   * Sets the window from the post-login CAPA, probing first when the mode asks for it.
   * @throws Pop3PipeliningProbeError when the probe left the session unusable.
   */
  async decide(advertised: boolean): Promise<void> {
    const { connection, options } = this;
    const decision = decidePipelining(options.mode, advertised, options.memory.refusedRecently(options.host));
    if (decision !== 'probe') {
      this.found = decision;
      if (decision === 'advertised') connection.setWindow(options.maxWindow);
      options.logger.debug({ host: options.host, pipelining: decision }, 'pop3 pipelining decided');
      return;
    }
    const outcome = await probePipelining(connection, options.probeTimeoutMs);
    if (outcome.kind === 'accepted') {
      this.found = 'accepted';
      this.window = startProbedWindow(options.maxWindow);
      connection.setWindow(this.window.size);
      options.logger.debug({ host: options.host, pipelining: 'accepted' }, 'pop3 pipelining decided');
      return;
    }
    this.found = 'refused';
    options.memory.refuse(options.host);
    options.logger.warn(
      { host: options.host },
      'the server failed the pipelining probe; lock-step with this host for a while',
    );
    if (outcome.kind === 'broken') throw outcome.error;
  }

  private grow(): void {
    if (this.found !== 'accepted' || this.window === undefined) return;
    const next = afterInOrderReply(this.window, this.options.maxWindow);
    if (next.size !== this.window.size) this.connection.setWindow(next.size);
    this.window = next;
  }
}
