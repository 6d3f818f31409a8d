import { Pop3AuthError } from '../errors/pop3-auth-error.js';
import { Pop3CommandError } from '../errors/pop3-command-error.js';
import type { Pop3Connection } from '../pop3-connection.js';

/**
 * Runs a one-round SASL exchange the way Outlook.com requires (RFC 5034, no initial response):
 * `AUTH <mechanism>`, the server's `+`, then the base64 response on a line of its own. A server
 * that answers the response with another challenge is reporting an error (XOAUTH2 sends a base64
 * JSON status); the client answers with an empty line and the server closes the exchange with
 * `-ERR`. The response is written to the socket only: no error or log line holds it.
 */
export async function saslExchange(
  connection: Pop3Connection,
  mechanism: string,
  response: string,
): Promise<void> {
  connection.enterExclusive();
  try {
    await connection.send({
      name: 'AUTH',
      line: `AUTH ${mechanism}`,
      pipelinable: false,
      multiline: false,
      allowContinuation: true,
      exclusive: true,
    });
    const answer = await connection.send({
      name: `AUTH ${mechanism}`,
      line: response,
      pipelinable: false,
      multiline: false,
      allowContinuation: true,
      exclusive: true,
    });
    if (answer.status === 'ok') return;
    const detail = describeChallenge(answer.text);
    await connection
      .send({
        name: `AUTH ${mechanism}`,
        line: '',
        pipelinable: false,
        multiline: false,
        allowContinuation: true,
        exclusive: true,
      })
      .catch((error: unknown) => {
        if (error instanceof Pop3CommandError) {
          throw new Pop3AuthError(mechanism, `${error.serverText} ${detail}`.trim(), error.code, {
            cause: error,
          });
        }
        throw error;
      });
    throw new Pop3AuthError(mechanism, `the server sent an unexpected challenge ${detail}`.trim(), undefined);
  } catch (error) {
    if (error instanceof Pop3CommandError) {
      throw new Pop3AuthError(mechanism, error.serverText, error.code, { cause: error });
    }
    throw error;
  } finally {
    connection.leaveExclusive();
  }
}

/** Decodes an error challenge such as XOAUTH2's base64 `{"status":"401",...}` for the error text. */
function describeChallenge(text: string): string {
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\x20-\x7e]*$/.test(decoded) && decoded.length > 0 ? `(${decoded.slice(0, 200)})` : '';
}
