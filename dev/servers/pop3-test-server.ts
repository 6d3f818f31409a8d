/** A mailbox user of a private POP3 server started by a test. */
export interface Pop3TestUser {
  readonly username: string;
  readonly password: string;
}

/** A private POP3 server on loopback, plain POP3, that a test fills and inspects by its own means. */
export interface Pop3TestServer {
  readonly host: string;
  readonly port: number;
  readonly users: readonly Pop3TestUser[];
  /** Puts messages into the user's mailbox the way this server's delivery agent would. */
  deliver(username: string, messages: readonly Buffer[]): Promise<void>;
  /** How many messages the user's mailbox holds, read from the server's own store. */
  count(username: string): Promise<number>;
  /** Ends the server and every process it started, and removes its files. */
  stop(): Promise<void>;
}
