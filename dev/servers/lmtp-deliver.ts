import net from 'node:net';
import { dotStuff } from './dot-stuff.js';

/** LMTP refused a command (RFC 2033); `reply` is the server's answer. */
export class LmtpError extends Error {
  override readonly name = 'LmtpError';
  constructor(
    readonly command: string,
    readonly reply: string,
    options?: { cause?: unknown },
  ) {
    super(`LMTP ${command} was answered ${JSON.stringify(reply)}`, options);
  }
}

/**
 * Delivers messages to one recipient over LMTP on a unix socket, one transaction per message,
 * the way an MTA hands mail to Cyrus.
 */
export async function lmtpDeliver(
  socketPath: string,
  recipient: string,
  messages: readonly Buffer[],
): Promise<void> {
  const socket = net.connect({ path: socketPath });
  const replies = replyReader(socket);
  try {
    await expectReply(replies, 'greeting', '220');
    socket.write('LHLO localhost\r\n');
    await expectReply(replies, 'LHLO', '250');
    for (const message of messages) {
      socket.write('MAIL FROM:<>\r\n');
      await expectReply(replies, 'MAIL', '250');
      socket.write(`RCPT TO:<${recipient}>\r\n`);
      await expectReply(replies, 'RCPT', '250');
      socket.write('DATA\r\n');
      await expectReply(replies, 'DATA', '354');
      socket.write(dotStuff(message));
      // LMTP answers the end of data once per recipient; there is one.
      await expectReply(replies, 'end of data', '250');
    }
    socket.write('QUIT\r\n');
    await expectReply(replies, 'QUIT', '221');
  } finally {
    socket.destroy();
  }
}

async function expectReply(replies: () => Promise<string>, command: string, code: string): Promise<void> {
  const reply = await replies();
  if (!reply.startsWith(code)) throw new LmtpError(command, reply);
}

/** Returns a function that resolves with the next complete reply (its last line, `NNN text`). */
function replyReader(socket: net.Socket): () => Promise<string> {
  let buffered = '';
  const complete: string[] = [];
  let waiting: { resolve: (reply: string) => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  const settle = (): void => {
    if (waiting === undefined) return;
    const reply = complete.shift();
    if (reply !== undefined) {
      waiting.resolve(reply);
      waiting = undefined;
    } else if (failure !== undefined) {
      waiting.reject(failure);
      waiting = undefined;
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      // `250-...` continues a multi-line reply; `250 ...` ends it.
      if (/^\d{3}(?: |$)/.test(line)) complete.push(line);
    }
    settle();
  });
  const fail = (error: Error): void => {
    failure = error;
    settle();
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the LMTP server closed the connection')));
  return () =>
    new Promise((resolve, reject) => {
      waiting = { resolve, reject };
      settle();
    });
}
