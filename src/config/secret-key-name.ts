const SECRET_NAME =
  /secret|password|passwd|token|credential|authorization|api[-_]?key|cookie|private[-_]?key/i;

/**
 * True when a key's name says its value is secret: `password`, `secret`, `accessToken`, an
 * `Authorization` or `X-Api-Key` header. A `*File` key holds a path to a secret, not the secret.
 */
export function isSecretKeyName(name: string): boolean {
  return SECRET_NAME.test(name) && !name.endsWith('File');
}
