import { z } from 'zod';
import { durationSchema, integerSchema } from './scalar-schemas.js';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** One Redis node or sentinel: `{ host, port }`. */
const redisNodeSchema = z.strictObject({
  host: z.string().min(1),
  port: integerSchema(1, 65535),
});

const redisFieldsSchema = z.strictObject({
  /**
   * `redis://` or `rediss://` (TLS) URL, with credentials and database if needed. Default
   * `redis://127.0.0.1:6379` when neither `sentinels` nor `cluster` is set.
   */
  url: z
    .url({
      protocol: /^rediss?$/,
      error: (issue) => (issue.input === undefined ? undefined : 'must be a redis:// or rediss:// URL'),
    })
    .optional(),
  /** Redis Sentinel: the sentinels to ask for the current master, instead of `url`. */
  sentinels: z.array(redisNodeSchema).min(1, { error: 'must list at least one sentinel' }).optional(),
  /** The master group name the sentinels monitor (`sentinel monitor <name> ...`); required with `sentinels`. */
  name: z.string().min(1).optional(),
  /** Password of the sentinels themselves, when they have `requirepass`. */
  sentinelPassword: z.string().min(1).optional(),
  /** Redis Cluster: some of its nodes (the rest are discovered), instead of `url`. */
  cluster: z.array(redisNodeSchema).min(1, { error: 'must list at least one node' }).optional(),
  /** Password of the Redis servers with `sentinels` or `cluster` (with `url`, the URL carries it). */
  password: z.string().min(1).optional(),
  /**
   * Prefix of every key popdesk writes, `[a-z0-9_-]+`. Default `popdesk`. With `cluster` it is
   * used as a hash tag (`{popdesk}`), so all of popdesk's keys share one slot.
   */
  prefix: z
    .string()
    .regex(/^[a-z0-9_-]+$/, { error: 'must be lowercase letters, digits, _ and - only' })
    .default('popdesk'),
  /**
   * Replicas that must have each fetched mail before it is deleted from the mailbox (Redis
   * `WAIT`, or `WAITAOF` on 7.2+). 0-16, default 0: the master's own AOF only.
   */
  minReplicas: integerSchema(0, 16).default(0),
  /** How long to wait for those replicas before leaving the mail on the server this poll; at least 100ms. Default `10s`. */
  minReplicasTimeout: durationSchema('100ms').prefault('10s'),
});

type RedisFields = z.output<typeof redisFieldsSchema>;

/** Where popdesk's Redis is: exactly one of a URL, a set of sentinels, or a cluster. */
export type RedisTarget =
  | { readonly kind: 'url'; readonly url: string }
  | {
      readonly kind: 'sentinel';
      readonly sentinels: readonly RedisNode[];
      readonly name: string;
      readonly sentinelPassword?: string;
      readonly password?: string;
    }
  | { readonly kind: 'cluster'; readonly nodes: readonly RedisNode[]; readonly password?: string };

/** A Redis node or sentinel address. */
export type RedisNode = z.output<typeof redisNodeSchema>;

/** The Redis server holding the queues, de-duplication keys and (by default) OAuth tokens. */
export const redisSchema = redisFieldsSchema.superRefine(rejectMixedTargets).transform(finishRedis);

function rejectMixedTargets(redis: RedisFields, ctx: z.RefinementCtx): void {
  const issue = (key: keyof RedisFields, message: string) =>
    ctx.addIssue({ code: 'custom', path: [key], message });
  if (redis.url !== undefined && redis.sentinels !== undefined)
    issue('sentinels', 'set either redis.url or redis.sentinels, not both');
  if (redis.url !== undefined && redis.cluster !== undefined)
    issue('cluster', 'set either redis.url or redis.cluster, not both');
  if (redis.sentinels !== undefined && redis.cluster !== undefined)
    issue('cluster', 'set either redis.sentinels or redis.cluster, not both');
  if (redis.sentinels !== undefined && redis.name === undefined)
    issue('name', 'is required with redis.sentinels: the master name the sentinels monitor');
  if (redis.sentinels === undefined && redis.name !== undefined)
    issue('name', 'applies only with redis.sentinels');
  if (redis.sentinels === undefined && redis.sentinelPassword !== undefined)
    issue('sentinelPassword', 'applies only with redis.sentinels');
  if (redis.url !== undefined && redis.password !== undefined)
    issue('password', 'applies only with redis.sentinels or redis.cluster; put it in redis.url');
}

function finishRedis(redis: RedisFields) {
  const { url, sentinels, name, sentinelPassword, cluster, password, prefix, ...rest } = redis;
  const secret = password !== undefined ? { password } : {};
  let target: RedisTarget;
  if (sentinels !== undefined && name !== undefined) {
    target = {
      kind: 'sentinel',
      sentinels,
      name,
      ...secret,
      ...(sentinelPassword !== undefined ? { sentinelPassword } : {}),
    };
  } else if (cluster !== undefined) {
    target = { kind: 'cluster', nodes: cluster, ...secret };
  } else {
    target = { kind: 'url', url: url ?? DEFAULT_URL };
  }
  // BullMQ and popdesk run multi-key transactions and scripts: in a cluster every key they
  // touch must hash to one slot, which a `{tag}` prefix guarantees.
  return { target, prefix: target.kind === 'cluster' ? `{${prefix}}` : prefix, ...rest };
}
