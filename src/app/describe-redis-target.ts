import { type RedisTarget, redactConfig } from '../config/index.js';

/**
 * Names the key and where popdesk's Redis is, for error messages, with no secret in it:
 * `redis.url = redis://:[redacted]@host:6379`, `redis.sentinels = a:26379, b:26379 (master
 * mymaster)` or `redis.cluster = a:7000, b:7000`.
 */
export function describeRedisTarget(target: RedisTarget): string {
  const key =
    target.kind === 'url' ? 'redis.url' : target.kind === 'sentinel' ? 'redis.sentinels' : 'redis.cluster';
  return `${key} = ${redisLocation(target)}`;
}

/** Where popdesk's Redis is, with no secret in it, for a log field: the value part of {@link describeRedisTarget}. */
export function redisLocation(target: RedisTarget): string {
  switch (target.kind) {
    case 'url':
      return String(redactConfig(target.url));
    case 'sentinel':
      return `${addresses(target.sentinels)} (master ${target.name})`;
    case 'cluster':
      return addresses(target.nodes);
  }
}

/** Which keys hold the credentials for `target`, for a hint after Redis refused them. */
export function redisCredentialKeys(target: RedisTarget): string {
  switch (target.kind) {
    case 'url':
      return 'the password (and user) in redis.url, or POPDESK_REDIS_URL / POPDESK_REDIS_URL_FILE';
    case 'sentinel':
      return 'redis.password (the servers) and redis.sentinelPassword (the sentinels)';
    case 'cluster':
      return 'redis.password';
  }
}

function addresses(nodes: readonly { host: string; port: number }[]): string {
  return nodes.map(({ host, port }) => `${host}:${port}`).join(', ');
}
