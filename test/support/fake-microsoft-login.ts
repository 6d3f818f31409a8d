import { constants, createHash, randomBytes, randomUUID, verify, X509Certificate } from 'node:crypto';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** Microsoft's tenant id for personal accounts: the `tid` of every Outlook.com id_token. */
export const MSA_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

const HOST = 'https://login.microsoftonline.com';
// msal-node sends the short `device_code`; RFC 8628 names the URN. Microsoft takes both.
const DEVICE_CODE_GRANTS = new Set(['device_code', 'urn:ietf:params:oauth:grant-type:device_code']);
const POP_SCOPE = 'https://outlook.office.com/POP.AccessAsUser.All';
const APP_SCOPE = 'https://outlook.office365.com/.default';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The person who signs in at the fake. */
export interface FakeUser {
  readonly username: string;
  readonly name: string;
  readonly oid: string;
  readonly tid: string;
}

/** One request MSAL sent, with the form body (POST) parsed. */
export interface RecordedRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  /** Origin and path, without MSAL's `client-request-id` query. */
  readonly endpoint: string;
  readonly form: URLSearchParams;
}

/** An HTTP answer the test wants the token endpoint to give instead of tokens. */
export interface CannedResponse {
  readonly status: number;
  readonly body: object;
  readonly headers?: Record<string, string>;
}

/**
 * Plays login.microsoftonline.com for msal-node through its `system.networkClient` hook: instance
 * discovery, OpenID configuration, the device-code endpoint and the token endpoint (device-code
 * and refresh-token grants). Refresh tokens rotate on every use and the old one stops working,
 * so a cache that kept a stale refresh token fails the next refresh.
 */
export class FakeMicrosoftLogin implements INetworkModule {
  readonly requests: RecordedRequest[] = [];
  /** Every token and device code handed out, for "no secret leaked" checks. */
  readonly issuedSecrets: string[] = [];
  /** Refresh tokens the fake still accepts. */
  readonly liveRefreshTokens = new Set<string>();
  /**
   * When set, every access token issued is this value: end-to-end tests hand Dovecot the same
   * string as the bearer token it accepts for XOAUTH2.
   */
  fixedAccessToken: string | undefined;
  /** Token lifetime in seconds for the next responses. */
  accessTokenLifetime = 3600;
  /** How many device-code polls answer `authorization_pending` before the user is "signed in". */
  pendingPolls = 0;
  /** Who completes the device-code sign-in. */
  user: FakeUser;
  /** When set, the token endpoint gives this answer (or drops the connection) to every request. */
  tokenEndpointFailure: CannedResponse | 'network-failure' | undefined;
  /** When set, the device-code endpoint gives this answer. */
  deviceCodeFailure: CannedResponse | undefined;
  /** What the polls answer once the person acted: tokens, or e.g. `authorization_declined`. */
  deviceCodeOutcome: 'approved' | 'authorization_declined' | 'expired_token' = 'approved';
  /** The client secret the app registration holds, for the client credentials grant. */
  clientSecret: string | undefined;
  /** When true, the client secret has passed its end date: Entra answers AADSTS7000222. */
  clientSecretExpired = false;
  /** The certificate (PEM) uploaded to the app registration; client assertions must be signed by its key. */
  clientCertificate: string | undefined;

  readonly clientId: string;
  readonly tenant: string;
  private readonly deviceCodes = new Set<string>();

  constructor(options: { clientId: string; tenant?: string; user?: Partial<FakeUser> }) {
    this.clientId = options.clientId;
    this.tenant = options.tenant ?? 'consumers';
    this.user = {
      username: 'support@outlook.com',
      name: 'Support Desk',
      oid: '00000000-0000-0000-66f3-3332eca7ea81',
      tid: MSA_TENANT_ID,
      ...options.user,
    };
  }

  /** The requests that went to one endpoint, e.g. `token` or `devicecode`. */
  requestsTo(endpoint: 'token' | 'devicecode'): RecordedRequest[] {
    const url = `${HOST}/${this.tenant}/oauth2/v2.0/${endpoint}`;
    return this.requests.filter((request) => request.endpoint === url);
  }

  async sendGetRequestAsync<T>(url: string, _options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const request = this.record('GET', url, undefined);
    if (request.endpoint === `${HOST}/common/discovery/instance`) return json(200, this.instanceDiscovery());
    if (request.endpoint === `${HOST}/${this.tenant}/v2.0/.well-known/openid-configuration`) {
      return json(200, this.openIdConfiguration());
    }
    return json(404, { error: 'not_found' });
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const request = this.record('POST', url, options?.body);
    if (request.endpoint === `${HOST}/${this.tenant}/oauth2/v2.0/devicecode`)
      return this.deviceCode(request.form);
    if (request.endpoint === `${HOST}/${this.tenant}/oauth2/v2.0/token`) {
      const failure = this.tokenEndpointFailure;
      if (failure === 'network-failure') {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 20.190.160.1:443') });
      }
      if (failure) return json(failure.status, failure.body, failure.headers);
      return this.token(request.form);
    }
    return json(404, { error: 'not_found' });
  }

  private record(method: 'GET' | 'POST', url: string, body: string | undefined): RecordedRequest {
    const parsed = new URL(url);
    const request = {
      method,
      url: parsed,
      endpoint: `${parsed.origin}${parsed.pathname}`,
      form: new URLSearchParams(body ?? ''),
    };
    this.requests.push(request);
    return request;
  }

  private deviceCode<T>(form: URLSearchParams): NetworkResponse<T> {
    if (this.deviceCodeFailure) return json(this.deviceCodeFailure.status, this.deviceCodeFailure.body);
    if (form.get('client_id') !== this.clientId) return json(400, aadError('unauthorized_client', 700016));
    const userCode = randomBytes(5).toString('hex').toUpperCase().slice(0, 9);
    const deviceCode = this.secret('DAQABIQEAAABVrSpeuWamRam2jAF1XRQE-fake-dc-');
    this.deviceCodes.add(deviceCode);
    return json(200, {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: 'https://www.microsoft.com/link',
      expires_in: 900,
      interval: 1,
      message: `To sign in, use a web browser to open the page https://www.microsoft.com/link and enter the code ${userCode} to authenticate.`,
    });
  }

  private token<T>(form: URLSearchParams): NetworkResponse<T> {
    if (form.get('client_id') !== this.clientId) return json(400, aadError('unauthorized_client', 700016));
    if (form.get('grant_type') === 'client_credentials') return this.clientCredentials(form);
    const scopes = (form.get('scope') ?? '').split(' ');
    if (!scopes.includes(POP_SCOPE) || !scopes.includes('offline_access')) {
      return json(400, aadError('invalid_scope', 70011));
    }
    const grant = form.get('grant_type');
    if (grant !== null && DEVICE_CODE_GRANTS.has(grant)) {
      if (!this.deviceCodes.has(form.get('device_code') ?? ''))
        return json(400, aadError('invalid_grant', 70000));
      if (this.pendingPolls > 0) {
        this.pendingPolls -= 1;
        return json(400, aadError('authorization_pending', 70016));
      }
      if (this.deviceCodeOutcome === 'authorization_declined')
        return json(400, aadError('authorization_declined', 70000));
      if (this.deviceCodeOutcome === 'expired_token') return json(400, aadError('expired_token', 70019));
      return json(200, this.tokens());
    }
    if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      if (!this.liveRefreshTokens.delete(presented)) return json(400, aadError('invalid_grant', 70000));
      return json(200, this.tokens());
    }
    return json(400, aadError('unsupported_grant_type', 70003));
  }

  /**
   * The client credentials grant as Entra answers it: the app proves itself with its secret or a
   * JWT signed by its certificate's key (RFC 7523), asks for `.default`, and gets an access
   * token only, no refresh or id token.
   */
  private clientCredentials<T>(form: URLSearchParams): NetworkResponse<T> {
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      const accepted =
        form.get('client_assertion_type') === JWT_BEARER &&
        this.clientCertificate !== undefined &&
        verifiesWith(assertion, this.clientCertificate, this.clientId);
      if (!accepted) return json(401, aadError('invalid_client', 700027));
    } else {
      const presented = form.get('client_secret');
      if (presented === null || this.clientSecret === undefined || presented !== this.clientSecret) {
        return json(401, aadError('invalid_client', 7000215, undefined, this.clientId));
      }
      if (this.clientSecretExpired)
        return json(401, aadError('invalid_client', 7000222, undefined, this.clientId));
    }
    if (form.get('scope') !== APP_SCOPE) return json(400, aadError('invalid_scope', 1002012));
    return json(200, {
      token_type: 'Bearer',
      expires_in: this.accessTokenLifetime,
      ext_expires_in: this.accessTokenLifetime,
      access_token: this.fixedAccessToken ?? this.secret('eyJ0eXAiOiJKV1Qi-fake-app-at-'),
    });
  }

  private tokens(): object {
    const now = Math.floor(Date.now() / 1000);
    const refreshToken = this.secret('M.C552_BAY.0.U.-fake-rt-');
    this.liveRefreshTokens.add(refreshToken);
    const idToken = [
      base64url({ typ: 'JWT', alg: 'RS256', kid: 'fake-signing-key' }),
      base64url({
        ver: '2.0',
        iss: `${HOST}/${this.user.tid}/v2.0`,
        sub: 'AAAAAAAAAAAAAAAAAAAAAFakePairwiseSubject',
        aud: this.clientId,
        exp: now + 3600,
        iat: now,
        nbf: now,
        name: this.user.name,
        preferred_username: this.user.username,
        oid: this.user.oid,
        tid: this.user.tid,
        aio: 'fake-aio',
      }),
      randomBytes(32).toString('base64url'),
    ].join('.');
    this.issuedSecrets.push(idToken);
    return {
      token_type: 'Bearer',
      scope: POP_SCOPE,
      expires_in: this.accessTokenLifetime,
      ext_expires_in: this.accessTokenLifetime,
      access_token: this.fixedAccessToken ?? this.secret('EwA4BOl3BAAUfake-at-'),
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: base64url({ uid: this.user.oid, utid: this.user.tid }),
    };
  }

  private secret(prefix: string): string {
    const value = `${prefix}${randomBytes(18).toString('base64url')}`;
    this.issuedSecrets.push(value);
    return value;
  }

  private instanceDiscovery(): object {
    return {
      tenant_discovery_endpoint: `${HOST}/${this.tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        {
          preferred_network: 'login.microsoftonline.com',
          preferred_cache: 'login.windows.net',
          aliases: [
            'login.microsoftonline.com',
            'login.windows.net',
            'login.microsoft.com',
            'sts.windows.net',
          ],
        },
      ],
    };
  }

  private openIdConfiguration(): object {
    const base = `${HOST}/${this.tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${HOST}/${MSA_TENANT_ID}/v2.0`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      tenant_region_scope: null,
    };
  }
}

/** Texts of the AADSTS errors the fake can answer with. */
const AADSTS_TEXT: Record<number, string> = {
  70000: 'The provided value for the input parameter is not valid or has expired.',
  70003: 'The app requested an unsupported grant type.',
  70008: 'The provided authorization code or refresh token has expired due to inactivity.',
  70011: 'The provided value for the input parameter scope is not valid.',
  70016: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  70019: 'Verification code expired.',
  50076:
    'Due to a configuration change made by your administrator, you must use multi-factor authentication.',
  50173: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  700016: "Application with identifier was not found in the directory 'Microsoft Accounts'.",
  700027: 'Client assertion failed signature validation.',
  1002012:
    'The provided value for scope openid is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  7000215:
    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app}'.",
  7000222:
    "The provided client secret keys for app '{app}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
  700082:
    'The refresh token has expired due to inactivity. The token was issued and was inactive for 90.00:00:00.',
  90033: 'A transient error has occurred. Please try again.',
};

/** An error body the way Microsoft's v2.0 endpoints send it. */
export function aadError(error: string, code: number, suberror?: string, app = ''): object {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
  return {
    error,
    error_description: `AADSTS${code}: ${(AADSTS_TEXT[code] ?? 'Error.').replace('{app}', app)} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}Z`,
    error_codes: [code],
    timestamp: `${timestamp}Z`,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${HOST}/error?code=${code}`,
    ...(suberror ? { suberror } : {}),
  };
}

function json<T>(status: number, body: object, headers: Record<string, string> = {}): NetworkResponse<T> {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': randomUUID(),
      ...headers,
    },
    body: body as T,
  };
}

/**
 * True when `jwt` is a client assertion for `clientId` that names the certificate by its SHA-256
 * thumbprint (`x5t#S256`) and is signed (PS256) by the certificate's key, as Entra checks it.
 */
function verifiesWith(jwt: string, certificatePem: string, clientId: string): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const decode = (part: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  const certificate = new X509Certificate(certificatePem);
  const thumbprint = createHash('sha256').update(certificate.raw).digest('base64url');
  const fields = decode(header);
  const claims = decode(payload);
  if (fields.alg !== 'PS256' || fields['x5t#S256'] !== thumbprint) return false;
  if (claims.iss !== clientId || claims.sub !== clientId) return false;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    {
      key: certificate.publicKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_AUTO,
    },
    Buffer.from(signature, 'base64url'),
  );
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
