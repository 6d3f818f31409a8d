import { REDACTED } from './redacted.js';

/**
 * A URL in its parts: scheme and `//`, userinfo (up to the last `@` of the authority, as WHATWG
 * URL parsing takes it), host and path, query, fragment.
 */
const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^/?#]*)@)?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/is;

/**
 * `text` with its URL credentials hidden when it is a URL (`scheme://...`), otherwise as it is:
 * the userinfo's password (a userinfo without one, which is how a token goes in a URL, whole),
 * and every value of the query and the fragment (`?code=`, `#access_token=`). Names, host and
 * path stay, so the line still says where popdesk connects. Works on the text, not through
 * `URL`, which would re-encode the marker and normalise what the operator wrote.
 */
export function redactUrl(text: string): string {
  const parts = URL_PARTS.exec(text);
  if (parts === null) return text;
  const [, scheme = '', userinfo, hostAndPath = '', query, fragment] = parts;
  return [
    scheme,
    userinfo === undefined ? '' : `${redactUserinfo(userinfo)}@`,
    hostAndPath,
    query === undefined ? '' : `?${redactParameters(query)}`,
    fragment === undefined ? '' : `#${redactParameters(fragment)}`,
  ].join('');
}

/** `user:[redacted]`; a lone `user` part is a token (`https://<token>@host`) and hidden whole. */
function redactUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon === -1) return userinfo === '' ? userinfo : REDACTED;
  const password = userinfo.slice(colon + 1);
  return password === '' ? userinfo : `${userinfo.slice(0, colon)}:${REDACTED}`;
}

/** `a=[redacted]&b=[redacted]`: names kept, values hidden; a bare item (`?<key>`) hidden whole. */
function redactParameters(parameters: string): string {
  return parameters
    .split('&')
    .map((item) => {
      if (item === '') return item;
      const equals = item.indexOf('=');
      return equals === -1 ? REDACTED : `${item.slice(0, equals)}=${REDACTED}`;
    })
    .join('&');
}
