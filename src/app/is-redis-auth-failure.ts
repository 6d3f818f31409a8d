import { ReplyError } from 'ioredis';

/**
 * True when Redis refused to authenticate: a wrong password (`WRONGPASS`, or `ERR invalid
 * password` before Redis 6) or none where one is required (`NOAUTH`). Redis error replies carry
 * no code field; the first word of the reply *is* the error code (the RESP protocol's error
 * prefix), so that word is what is compared, not free text.
 */
export function isRedisAuthFailure(error: unknown): boolean {
  if (!(error instanceof ReplyError)) return false;
  const message = (error as Error).message;
  const code = message.split(' ', 1)[0];
  return code === 'WRONGPASS' || code === 'NOAUTH' || message.startsWith('ERR invalid password');
}
