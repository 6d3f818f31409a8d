/** Where a benchmarked client connects: the private Dovecot's POP3S port, or a proxy in front of it. */
export interface Pop3Target {
  readonly host: string;
  readonly port: number;
  /** The server's self-signed certificate (PEM); both clients verify against it as `localhost`. */
  readonly certificate: string;
  readonly username: string;
  readonly password: string;
  /** Plain POP3 instead of implicit TLS (the pipelining scenarios' proxy must read the traffic). */
  readonly plain?: boolean;
}

/** The name the Dovecot certificate is issued to, checked by both clients and sent as SNI. */
export const CERTIFICATE_NAME = 'localhost';

/** What one timed fetch session did. */
export interface FetchOutcome {
  /** Messages retrieved and deleted. */
  readonly messages: number;
  /** Body octets received; for mpop, which cannot report them, the total LIST announced. */
  readonly bytes: number;
  /** Seconds from connecting to the QUIT reply (for mpop, from spawning it to its exit). */
  readonly seconds: number;
}
