/**
 * A minimal SMTP client (RFC 5321) for reminders, on node:net and node:tls: one message per
 * connection, EHLO, STARTTLS (RFC 3207) or implicit TLS (smtps, RFC 8314), AUTH PLAIN or LOGIN
 * (RFC 4954), MAIL/RCPT/DATA with dot-stuffing, QUIT. Written here instead of adding nodemailer:
 * reminders need one plain-text message at a time, and ~200 lines we can read beat a dependency
 * tree for the one place that holds members' private addresses.
 *
 * Configuration: DAYLIGHT_SMTP_URL = smtp://user:pass@host:port (STARTTLS; port 587 by default)
 * or smtps://user:pass@host:port (TLS from the first byte; port 465), DAYLIGHT_SMTP_FROM = the
 * sender address. Refusals that protect the message and the password:
 *   - a server that is not on this machine must offer TLS (smtps, or STARTTLS advertised in
 *     EHLO); only a loopback relay (127.0.0.0/8, ::1, localhost) may be spoken to in clear;
 *   - certificates are verified as Node verifies them (no option to turn that off).
 * Privacy: the recipient's address is private. It goes on the wire to the server and nowhere
 * else: errors name the SMTP stage and reply code, never the server's reply text (which often
 * echoes the address) and never the URL (which holds the password).
 */
import net from 'node:net';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';

export interface SmtpConfig {
  /** implicit TLS (smtps) */
  secure: boolean;
  host: string;
  port: number;
  user?: string;
  pass?: string;
  from: string;
  /** the name we give in EHLO */
  helo?: string;
  /** milliseconds for the whole exchange; default 30 s */
  timeoutMs?: number;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  date: Date;
}

/** The SMTP exchange failed: the stage and the reply code, nothing private. */
export class SmtpError extends Error {
  constructor(
    readonly stage: string,
    readonly code: number | null,
  ) {
    super(code === null ? `SMTP ${stage} failed` : `SMTP server answered ${code} to ${stage}`);
    this.name = 'SmtpError';
  }
}

/** A conservative addr-spec: what we send to (RFC 5321 §4.1.2 Mailbox, dot-atom local parts only). */
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isMailAddress(s: string): boolean {
  return s.length <= 254 && ADDRESS.test(s);
}

/**
 * The e-mail address in a member's free-text contact ("ana@example.org", "mailto:…",
 * "Signal +54…, email: <ana@example.org>"): the first token that is one, or null.
 */
export function addressInContact(contact: string | null): string | null {
  if (contact === null) return null;
  for (const raw of contact.split(/[\s,;]+/)) {
    const t = raw.replace(/^(mailto:|<)+/i, '').replace(/[>.)]+$/, '');
    if (isMailAddress(t)) return t;
  }
  return null;
}

/** Reads DAYLIGHT_SMTP_URL and DAYLIGHT_SMTP_FROM; null when no URL is set. */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpConfig | null {
  const url = env.DAYLIGHT_SMTP_URL;
  if (url === undefined || url === '') return null;
  return parseSmtpUrl(url, env.DAYLIGHT_SMTP_FROM ?? '');
}

/** smtp[s]://[user[:pass]@]host[:port]; throws Error with a message that never repeats the URL. */
export function parseSmtpUrl(text: string, from: string): SmtpConfig {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error('DAYLIGHT_SMTP_URL is not a URL: use smtp://user:pass@host:587 or smtps://user:pass@host:465');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('DAYLIGHT_SMTP_URL must start with smtp:// or smtps://');
  if (u.hostname === '') throw new Error('DAYLIGHT_SMTP_URL has no host');
  if (!isMailAddress(from)) throw new Error('DAYLIGHT_SMTP_FROM must be the sender address, e.g. daylight@example.org');
  const secure = u.protocol === 'smtps:';
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    secure,
    host,
    port: u.port === '' ? (secure ? 465 : 587) : Number(u.port),
    ...(u.username !== '' ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}),
    from,
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

// ---------------------------------------------------------------- message

/**
 * Header text: as is when plain printable ASCII, else RFC 2047 encoded-words ("=?utf-8?B?…?="),
 * each at most 75 characters (45 bytes of UTF-8, whole characters only), folded onto
 * continuation lines; whitespace between adjacent encoded-words is not part of the text.
 */
export function headerText(s: string): string {
  const one = s.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(one)) return one;
  const words: string[] = [];
  let chunk = '';
  for (const ch of one) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?utf-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** RFC 5322 date-time in UTC: "Wed, 25 Nov 2026 10:00:00 +0000". */
function mailDate(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

/** The message: headers, then the UTF-8 text as base64 in 76-character lines (RFC 2045 §6.8). */
export function formatMessage(from: string, m: MailMessage, messageId: string): string {
  const body = Buffer.from(m.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64');
  const lines = body.match(/.{1,76}/g) ?? [];
  return [
    `From: ${from}`,
    `To: ${m.to}`,
    `Subject: ${headerText(m.subject)}`,
    `Date: ${mailDate(m.date)}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    'Auto-Submitted: auto-generated',
    '',
    ...lines,
  ].join('\r\n');
}

/** DATA's transparency (RFC 5321 §4.5.2): a line starting with "." gets one more. */
export function dotStuff(message: string): string {
  return message.replace(/(^|\r\n)\./g, '$1..');
}

// ---------------------------------------------------------------- wire

interface Reply {
  code: number;
  lines: string[];
}

const MAX_REPLY = 64 * 1024;

/** Reads SMTP replies (multi-line "250-…" until "250 …") from whichever socket is current. */
class Wire {
  private buffer = '';
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private failed: Error | null = null;
  private socket: net.Socket;

  constructor(socket: net.Socket) {
    this.socket = socket;
    // One short command at a time, each waiting for its reply: Nagle's delay would add ~40 ms to each.
    socket.setNoDelay(true);
    this.attach(socket);
  }

  private attach(s: net.Socket): void {
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      this.buffer += chunk;
      if (this.buffer.length > MAX_REPLY) this.fail(new SmtpError('reading a reply (too long)', null));
      this.pump();
    });
    s.on('error', () => this.fail(new SmtpError('connection', null)));
    s.on('close', () => this.fail(new SmtpError('connection (closed early)', null)));
  }

  private fail(e: Error): void {
    if (this.failed !== null) return;
    this.failed = e;
    this.waiting?.reject(e);
    this.waiting = null;
  }

  private take(): Reply | null {
    const lines: string[] = [];
    let rest = this.buffer;
    for (;;) {
      const end = rest.indexOf('\r\n');
      if (end < 0) return null;
      const line = rest.slice(0, end);
      rest = rest.slice(end + 2);
      lines.push(line.slice(4));
      if (/^\d{3}( |$)/.test(line)) {
        this.buffer = rest;
        return { code: Number(line.slice(0, 3)), lines };
      }
      if (!/^\d{3}-/.test(line)) {
        this.fail(new SmtpError('reading a reply (malformed)', null));
        return null;
      }
    }
  }

  private pump(): void {
    if (this.waiting === null) return;
    const r = this.take();
    if (r === null) return;
    const w = this.waiting;
    this.waiting = null;
    w.resolve(r);
  }

  read(): Promise<Reply> {
    if (this.failed !== null) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.pump();
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** Replaces the plain socket with a TLS one over it (after STARTTLS's 220). */
  async upgrade(host: string): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    const secure = tls.connect({ socket: plain, servername: net.isIP(host) ? undefined : host });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', () => reject(new SmtpError('STARTTLS handshake', null)));
    });
    this.socket = secure;
    this.buffer = '';
    this.attach(secure);
  }

  end(): void {
    this.socket.destroy();
  }
}

async function expect(wire: Wire, stage: string, ok: (code: number) => boolean): Promise<Reply> {
  const r = await wire.read();
  if (!ok(r.code)) throw new SmtpError(stage, r.code);
  return r;
}

async function command(wire: Wire, line: string, stage: string, ok: (code: number) => boolean = (c) => c >= 200 && c < 300): Promise<Reply> {
  wire.write(line + '\r\n');
  return expect(wire, stage, ok);
}

function connect(cfg: SmtpConfig): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const onError = () => reject(new SmtpError('connection', null));
    const s = cfg.secure
      ? tls.connect({ host: cfg.host, port: cfg.port, servername: net.isIP(cfg.host) ? undefined : cfg.host }, () => resolve(s))
      : net.connect({ host: cfg.host, port: cfg.port }, () => resolve(s));
    s.once('error', onError);
  });
}

/** EHLO's keywords after the greeting line, upper-cased ("STARTTLS", "AUTH PLAIN LOGIN"…). */
function extensions(ehlo: Reply): string[] {
  return ehlo.lines.slice(1).map((l) => l.toUpperCase());
}

async function authenticate(wire: Wire, cfg: SmtpConfig, ehlo: Reply): Promise<void> {
  const auth = extensions(ehlo).find((l) => l.startsWith('AUTH ')) ?? '';
  const mechanisms = auth.split(/\s+/).slice(1);
  const user = cfg.user ?? '';
  const pass = cfg.pass ?? '';
  if (mechanisms.includes('PLAIN')) {
    const token = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
    await command(wire, `AUTH PLAIN ${token}`, 'AUTH PLAIN', (c) => c === 235);
  } else if (mechanisms.includes('LOGIN')) {
    await command(wire, 'AUTH LOGIN', 'AUTH LOGIN', (c) => c === 334);
    await command(wire, Buffer.from(user, 'utf8').toString('base64'), 'AUTH LOGIN (user)', (c) => c === 334);
    await command(wire, Buffer.from(pass, 'utf8').toString('base64'), 'AUTH LOGIN (password)', (c) => c === 235);
  } else {
    throw new SmtpError('AUTH (the server offers neither PLAIN nor LOGIN)', null);
  }
}

/** Sends one message; resolves when the server accepted it (250 after DATA). */
export async function sendMail(cfg: SmtpConfig, m: MailMessage): Promise<void> {
  if (!isMailAddress(m.to)) throw new SmtpError('RCPT (not an e-mail address)', null);
  const socket = await connect(cfg);
  const wire = new Wire(socket);
  const timer = setTimeout(() => socket.destroy(), cfg.timeoutMs ?? 30_000);
  try {
    await expect(wire, 'greeting', (c) => c === 220);
    const helo = cfg.helo ?? 'localhost';
    let ehlo = await command(wire, `EHLO ${helo}`, 'EHLO');
    let secure = cfg.secure;
    if (!secure && extensions(ehlo).includes('STARTTLS')) {
      await command(wire, 'STARTTLS', 'STARTTLS', (c) => c === 220);
      await wire.upgrade(cfg.host);
      secure = true;
      ehlo = await command(wire, `EHLO ${helo}`, 'EHLO (after STARTTLS)');
    }
    if (!secure && !isLoopback(cfg.host)) throw new SmtpError('STARTTLS (not offered: refusing to send in clear to a server on another machine)', null);
    if (cfg.user !== undefined) await authenticate(wire, cfg, ehlo);
    const domain = cfg.from.split('@')[1] ?? 'localhost';
    const messageId = `${randomBytes(12).toString('hex')}@${domain}`;
    await command(wire, `MAIL FROM:<${cfg.from}>`, 'MAIL FROM');
    await command(wire, `RCPT TO:<${m.to}>`, 'RCPT TO');
    await command(wire, 'DATA', 'DATA', (c) => c === 354);
    wire.write(dotStuff(formatMessage(cfg.from, m, messageId)) + '\r\n.\r\n');
    await expect(wire, 'the message', (c) => c === 250);
    await command(wire, 'QUIT', 'QUIT', (c) => c === 221).catch(() => undefined);
  } finally {
    clearTimeout(timer);
    wire.end();
  }
}
