/**
 * Loaded into a `popdesk` child process (`node --import tsx --import <this file>`) so its MSAL
 * talks to {@link FakeMicrosoftLogin} instead of login.microsoftonline.com: msal-node's default
 * HTTP client calls the global `fetch`, and only requests to that host are answered here.
 * The fake's app registration comes from the `FAKE_MICROSOFT_LOGIN` variable (JSON of
 * {@link FakeMicrosoftLoginSettings}).
 */
import { FakeMicrosoftLogin } from './fake-microsoft-login.js';

/** What the child's fake Microsoft knows, set by the test. */
export interface FakeMicrosoftLoginSettings {
  readonly clientId: string;
  readonly tenant: string;
  readonly clientSecret?: string;
  readonly clientSecretExpired?: boolean;
  /** The PEM certificate uploaded to the app registration. */
  readonly clientCertificate?: string;
  /** Issued as every access token, e.g. the bearer token Dovecot accepts. */
  readonly accessToken?: string;
}

/** The variable the child reads its settings from. */
export const FAKE_MICROSOFT_LOGIN_VARIABLE = 'FAKE_MICROSOFT_LOGIN';

const MICROSOFT = 'https://login.microsoftonline.com/';
const raw = process.env[FAKE_MICROSOFT_LOGIN_VARIABLE];
if (raw !== undefined) {
  const settings = JSON.parse(raw) as FakeMicrosoftLoginSettings;
  const microsoft = new FakeMicrosoftLogin({ clientId: settings.clientId, tenant: settings.tenant });
  microsoft.clientSecret = settings.clientSecret;
  microsoft.clientSecretExpired = settings.clientSecretExpired ?? false;
  microsoft.clientCertificate = settings.clientCertificate;
  microsoft.fixedAccessToken = settings.accessToken;
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(MICROSOFT)) return realFetch(input, init);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const answer =
      init?.method === 'POST'
        ? await microsoft.sendPostRequestAsync<object>(url, body === undefined ? {} : { body })
        : await microsoft.sendGetRequestAsync<object>(url);
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  };
}
