import type { OAuthLogger } from '../../../src/auth/index.js';

/** A logger that keeps each line as the JSON a pino destination would receive. */
export function captureLogger(): OAuthLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (fields: object, msg: string) => {
    lines.push(JSON.stringify({ level, ...fields, msg }));
  };
  return { lines, info: write('info'), warn: write('warn'), error: write('error') };
}
