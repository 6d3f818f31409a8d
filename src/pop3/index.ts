export type { Pop3Capabilities } from './commands/capa.js';
export type { Pop3Stat } from './commands/stat.js';
export { Pop3AuthError } from './errors/pop3-auth-error.js';
export { Pop3CommandError } from './errors/pop3-command-error.js';
export { Pop3ConnectionError } from './errors/pop3-connection-error.js';
export { Pop3Error } from './errors/pop3-error.js';
export { Pop3MessageTooLargeError } from './errors/pop3-message-too-large-error.js';
export { Pop3PipeliningProbeError } from './errors/pop3-pipelining-probe-error.js';
export { Pop3ProtocolError } from './errors/pop3-protocol-error.js';
export { Pop3TimeoutError } from './errors/pop3-timeout-error.js';
export { type Pop3TlsMode, type Pop3TransportOptions, tlsOptions } from './open-socket.js';
export { PipeliningMemory } from './pipelining-memory.js';
export { PIPELINING_MODES, type PipeliningMode, type PipeliningProbe } from './pipelining-mode.js';
export {
  Pop3Client,
  type Pop3ClientOptions,
  type Pop3Credentials,
  type RetrieveOptions,
} from './pop3-client.js';
export { type Pop3Logger, silentPop3Logger } from './pop3-logger.js';
export { sizeLimitFromList } from './size-limit-from-list.js';
