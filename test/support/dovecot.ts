export {
  type DovecotServer,
  type DovecotUser,
  ensureDovecot,
  startDovecot,
} from '../../src/demo/dovecot-server.js';
