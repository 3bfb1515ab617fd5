/**
 * A tiny SMTP server for tests (RFC 5321 subset): listens on 127.0.0.1 on a port the system
 * picks, speaks EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP and
 * QUIT, and keeps every accepted message. No TLS: the client allows clear text to loopback only.
 * `rejectRecipients` makes RCPT fail with 550 (with the address echoed, as real servers do), to
 * show that the client's errors never repeat it.
 */
import net from 'node:net';

export interface SunkMessage {
  from: string;
  to: string[];
  /** the DATA as received, dot-unstuffed, CRLF line ends */
  data: string;
  /** "user\0pass" when the client authenticated */
  auth: string | null;
}

export interface SmtpSink {
  port: number;
  url(user?: string, pass?: string): string;
  messages: SunkMessage[];
  /** how many connections were made */
  connections: number;
  rejectRecipients: boolean;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sockets = new Set<net.Socket>();
  const sink: SmtpSink = {
    port: 0,
    url: (user, pass) => (user === undefined ? `smtp://127.0.0.1:${sink.port}` : `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass ?? '')}@127.0.0.1:${sink.port}`),
    messages: [],
    connections: 0,
    rejectRecipients: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    sink.connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    serve(socket, sink);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  sink.port = (server.address() as net.AddressInfo).port;
  return sink;
}

function serve(socket: net.Socket, sink: SmtpSink): void {
  let buffer = '';
  let inData = false;
  let current: SunkMessage = { from: '', to: [], data: '', auth: null };
  let auth: string | null = null;
  const say = (line: string) => socket.write(line + '\r\n');
  say('220 sink.test ESMTP ready');
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        const startEnd = buffer.startsWith('.\r\n') ? 0 : -1;
        if (end < 0 && startEnd < 0) return;
        const raw = startEnd === 0 ? '' : buffer.slice(0, end);
        buffer = startEnd === 0 ? buffer.slice(3) : buffer.slice(end + 5);
        current.data = raw.replace(/(^|\r\n)\.\./g, '$1.');
        current.auth = auth;
        sink.messages.push(current);
        current = { from: '', to: [], data: '', auth: null };
        inData = false;
        say('250 2.0.0 queued');
        continue;
      }
      const nl = buffer.indexOf('\r\n');
      if (nl < 0) return;
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') {
        say('250-sink.test');
        say('250-AUTH PLAIN');
        say('250 8BITMIME');
      } else if (verb === 'HELO') say('250 sink.test');
      else if (verb === 'AUTH') {
        const token = line.split(' ')[2] ?? '';
        auth = Buffer.from(token, 'base64').toString('utf8').replace(/^\0/, '');
        say('235 2.7.0 authenticated');
      } else if (verb === 'MAIL') {
        current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        say('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
        if (sink.rejectRecipients) say(`550 5.1.1 <${to}>: Recipient address rejected`);
        else {
          current.to.push(to);
          say('250 2.1.5 ok');
        }
      } else if (verb === 'DATA') {
        inData = true;
        say('354 end with <CRLF>.<CRLF>');
      } else if (verb === 'RSET') {
        current = { from: '', to: [], data: '', auth: null };
        say('250 ok');
      } else if (verb === 'NOOP') say('250 ok');
      else if (verb === 'QUIT') {
        say('221 bye');
        socket.end();
        return;
      } else say('502 5.5.2 command not recognized');
    }
  });
}

/** A message's headers (unfolded, names lower-cased) and its text, decoded from base64. */
export function parseMessage(data: string): { headers: Record<string, string>; text: string } {
  const split = data.indexOf('\r\n\r\n');
  const head = data.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.slice(split + 4);
  const text = /base64/i.test(headers['content-transfer-encoding'] ?? '') ? Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') : body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** Decodes a header of RFC 2047 "=?utf-8?B?…?=" words (whitespace between them dropped), or returns it as it is. */
export function decodeSubject(s: string): string {
  if (!/^=\?utf-8\?B\?/i.test(s)) return s;
  return s
    .split(/\s+/)
    .map((w) => {
      const m = /^=\?utf-8\?B\?([A-Za-z0-9+/=]*)\?=$/i.exec(w);
      if (m === null) throw new Error(`not an encoded-word: ${w}`);
      return Buffer.from(m[1]!, 'base64');
    })
    .reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0))
    .toString('utf8');
}
