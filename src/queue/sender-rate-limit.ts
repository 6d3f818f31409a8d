import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** Config `hygiene.rateLimit`, durations in milliseconds. */
export interface RateLimitSettings {
  /** New tickets one address may open per window; 0 turns the address limit off. */
  readonly perSender: number;
  /** New tickets one domain may open per window; 0 turns the domain limit off. */
  readonly perDomain: number;
  readonly windowMs: number;
}

/** Whether a mail may open a new ticket, and if not, which limit held it. */
export type RateVerdict =
  | { readonly held: false }
  | {
      readonly held: true;
      readonly by: 'address' | 'domain';
      readonly sender: string;
      readonly limit: number;
      readonly windowMs: number;
    };

/** Marks a held mail's entry, so a retried job finds the verdict it got and not a new one. */
const HELD = 'held:';

/**
 * One sliding window per key (a sorted set of mail refs scored by time). For each key, in one
 * atomic step: a ref already in the window gets the verdict it was given (stored in the member:
 * `ref` let through, `held:ref` held); otherwise entries older than the window are trimmed, and
 * the ref is held when `limit` mails are already in it. Held mails are added too, so a storm
 * stays held for as long as it goes on. Answers 1 (held) or 0 per key.
 */
const ADMIT = `
local ref = ARGV[1]
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local verdicts = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[3 + i])
  local verdict
  if redis.call('zscore', key, ref) then
    verdict = 0
  elseif redis.call('zscore', key, '${HELD}' .. ref) then
    verdict = 1
  else
    redis.call('zremrangebyscore', key, '-inf', now - window)
    if redis.call('zcard', key) >= limit then
      verdict = 1
      redis.call('zadd', key, now, '${HELD}' .. ref)
    else
      verdict = 0
      redis.call('zadd', key, now, ref)
    end
  end
  redis.call('pexpire', key, window)
  verdicts[i] = verdict
end
return verdicts
`;

/**
 * The per-sender limit on new tickets (issue 9, item 3): more than `perSender` new tickets
 * from one From address, or `perDomain` from one domain, within the sliding window are held.
 * The check and the count are one Lua script, so two workers at once cannot both slip past the
 * limit; a mail's verdict is kept with its entry, so a retried job gets the same answer for as
 * long as the window holds it.
 */
export class SenderRateLimit {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly settings: RateLimitSettings,
    private readonly now: () => Date,
  ) {}

  /**
   * Counts mail `ref` from `from` as a new ticket in the window and says whether it may open
   * one. A mail without a From address, or with every limit off, always may.
   */
  async admit(ref: string, from: string | undefined): Promise<RateVerdict> {
    const address = from?.trim().toLowerCase();
    if (address === undefined || address === '') return { held: false };
    const domain = address.slice(address.lastIndexOf('@') + 1);
    const limits = [
      { by: 'address' as const, sender: address, limit: this.settings.perSender },
      { by: 'domain' as const, sender: domain, limit: this.settings.perDomain },
    ].filter((entry) => entry.limit > 0 && entry.sender !== '');
    if (limits.length === 0) return { held: false };
    const verdicts = (await this.redis.eval(
      ADMIT,
      limits.length,
      ...limits.map((entry) => this.keys.senderTickets(entry.by, entry.sender)),
      ref,
      String(this.now().getTime()),
      String(this.settings.windowMs),
      ...limits.map((entry) => String(entry.limit)),
    )) as number[];
    const holding = limits.find((_, i) => verdicts[i] === 1);
    if (holding === undefined) return { held: false };
    return { held: true, ...holding, windowMs: this.settings.windowMs };
  }
}
