import { z } from 'zod';
import { DOMAIN, GUID } from './entra-id-patterns.js';
import { outlookAppAuthSchema } from './outlook-app-auth-schema.js';

const TENANT_NAMES = ['consumers', 'organizations', 'common'];

/** Where the OAuth 2 refresh token is kept between polls and restarts. */
export const tokenCacheSchema = z.discriminatedUnion('type', [
  z.strictObject({
    /** In Redis, next to the queues (under `redis.prefix`). */
    type: z.literal('redis'),
  }),
  z.strictObject({
    /** In a JSON file on local disk; it must survive restarts (a volume, not the container layer). */
    type: z.literal('file'),
    /** Path of the token file, e.g. `/var/lib/popdesk/support-token.json`. */
    path: z.string().min(1),
  }),
]);

/** USER/PASS or SASL PLAIN with the mailbox's `password`. */
const passwordAuthSchema = z.strictObject({
  type: z.literal('password'),
});

/** XOAUTH2 with a token from Microsoft identity platform, for Outlook.com and Microsoft 365. */
const outlookOAuthSchema = z.strictObject({
  type: z.literal('oauth2-outlook'),
  /** The "Application (client) ID" of the Azure app registration, a GUID. Required. */
  clientId: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'required: the Application (client) ID of the Azure app registration'
          : undefined,
    })
    .regex(GUID, { error: 'must be a GUID such as 00000000-0000-0000-0000-000000000000' }),
  /**
   * Which accounts may sign in: `consumers` (Outlook.com, the default), `organizations`
   * (Microsoft 365), `common` (both), or one tenant by GUID or domain (`contoso.onmicrosoft.com`).
   */
  tenant: z
    .string()
    .refine((tenant) => TENANT_NAMES.includes(tenant) || GUID.test(tenant) || DOMAIN.test(tenant), {
      error: 'must be consumers, organizations, common, a tenant GUID or a domain',
    })
    .default('consumers'),
  /** Where the refresh token is kept. Default `{ type: redis }`. */
  tokenCache: tokenCacheSchema.prefault({ type: 'redis' }),
});

/** How popdesk logs in to a mailbox, chosen by `type`. Default `{ type: password }`. */
export const mailboxAuthSchema = z.discriminatedUnion('type', [
  passwordAuthSchema,
  outlookOAuthSchema,
  outlookAppAuthSchema,
]);

/** A mailbox's login method, validated and with defaults filled. */
export type MailboxAuthConfig = z.output<typeof mailboxAuthSchema>;
/** Where an OAuth refresh token is kept. */
export type TokenCacheConfig = z.output<typeof tokenCacheSchema>;
