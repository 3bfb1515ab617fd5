/**
 * The SMTP client's parts (RFC 5321, RFC 2047, RFC 2045) and its refusals: URL parsing whose
 * errors never repeat the password, addresses found in free-text contacts, dot-stuffing, folded
 * encoded-word subjects, a real exchange with the sink (AUTH PLAIN, base64 body round trip), and
 * errors that name a stage and a code but never the recipient.
 */
import os from 'node:os';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpError, addressInContact, dotStuff, formatMessage, headerText, isLoopback, parseSmtpUrl, sendMail, smtpConfigFromEnv } from '../../src/services/smtp.js';
import { decodeSubject, parseMessage, startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

describe('configuration', () => {
  it('reads smtp:// and smtps:// URLs with their defaults and escapes', () => {
    expect(parseSmtpUrl('smtp://ana%40org:p%C3%A4ss%3Aword@mail.example.org', 'daylight@example.org')).toEqual({
      secure: false,
      host: 'mail.example.org',
      port: 587,
      user: 'ana@org',
      pass: 'päss:word',
      from: 'daylight@example.org',
    });
    expect(parseSmtpUrl('smtps://mail.example.org', 'd@example.org')).toMatchObject({ secure: true, port: 465 });
    expect(parseSmtpUrl('smtp://[::1]:2525', 'd@example.org')).toMatchObject({ host: '::1', port: 2525 });
    expect(smtpConfigFromEnv({})).toBeNull();
    expect(smtpConfigFromEnv({ DAYLIGHT_SMTP_URL: 'smtp://127.0.0.1:25', DAYLIGHT_SMTP_FROM: 'd@example.org' })).toMatchObject({ host: '127.0.0.1', port: 25 });
  });

  it('refuses bad URLs and senders without repeating the password', () => {
    for (const [url, from] of [
      ['http://u:hunter2secret@mail.example.org', 'd@example.org'],
      ['not a url hunter2secret', 'd@example.org'],
      ['smtp://u:hunter2secret@mail.example.org', 'nobody'],
    ] as const) {
      const e = (() => {
        try {
          parseSmtpUrl(url, from);
        } catch (err) {
          return err as Error;
        }
        throw new Error('expected a refusal');
      })();
      expect(e.message).not.toContain('hunter2secret');
    }
  });

  it('finds the e-mail address in a free-text contact, or none', () => {
    expect(addressInContact('ana@example.org')).toBe('ana@example.org');
    expect(addressInContact('+54 11 4555-0191 / sur.0@private.example')).toBe('sur.0@private.example');
    expect(addressInContact('Signal +54 11 5555, email: <ana.q@example.org>.')).toBe('ana.q@example.org');
    expect(addressInContact('mailto:ana@example.org')).toBe('ana@example.org');
    expect(addressInContact('Signal +54 11 5555 only')).toBeNull();
    expect(addressInContact('ana@localhost')).toBeNull();
    expect(addressInContact('evil@example.org\r\nBcc: x@example.org')).toBe('evil@example.org');
    expect(addressInContact(null)).toBeNull();
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', 'mail.example.org', '128.0.0.1'].some(isLoopback)).toBe(false);
  });
});

describe('the message', () => {
  it('dot-stuffs lines that start with "." (RFC 5321 §4.5.2)', () => {
    expect(dotStuff('.\r\n..x\r\na.b\r\n.')).toBe('..\r\n...x\r\na.b\r\n..');
  });

  it('writes non-ASCII subjects as folded encoded-words of at most 75 characters', () => {
    const subject = 'Recordatorio: califica la tarjeta de evaluación del Movimiento ñandú — مراجعة الأداء';
    const h = headerText(subject);
    for (const w of h.split('\r\n ')) expect(w.length).toBeLessThanOrEqual(75);
    expect(decodeSubject(h.replace(/\r\n /g, ' '))).toBe(subject);
    expect(headerText('plain\r\nBcc: injected')).toBe('plain Bcc: injected');
  });

  it('carries the text as base64 UTF-8 with the headers a reader needs', () => {
    const raw = formatMessage('d@example.org', { to: 'ana@example.org', subject: 'Hola', text: 'línea 1\n.línea 2\n', date: new Date('2026-11-25T10:00:00Z') }, 'abc@example.org');
    const m = parseMessage(raw);
    expect(m.headers).toMatchObject({ from: 'd@example.org', to: 'ana@example.org', subject: 'Hola', date: 'Wed, 25 Nov 2026 10:00:00 +0000', 'message-id': '<abc@example.org>', 'content-type': 'text/plain; charset=utf-8' });
    expect(m.text).toBe('línea 1\n.línea 2\n');
    expect(raw.split('\r\n').every((l) => l.length <= 78)).toBe(true);
  });
});

describe('talking to a server', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it('sends one message with AUTH PLAIN; the sink receives it whole', async () => {
    const cfg = parseSmtpUrl(sink.url('daylight', 'pw'), 'daylight@example.org');
    await sendMail(cfg, { to: 'ana@example.org', subject: 'Recordatorio — ñ', text: 'Hola ana,\n.\nadiós', date: new Date() });
    const got = sink.messages.at(-1)!;
    expect(got).toMatchObject({ from: 'daylight@example.org', to: ['ana@example.org'], auth: 'daylight\0pw' });
    const m = parseMessage(got.data);
    expect(decodeSubject(m.headers.subject!)).toBe('Recordatorio — ñ');
    expect(m.text).toBe('Hola ana,\n.\nadiós');
  });

  it('a refused recipient is an SmtpError naming the stage and code, not the address', async () => {
    sink.rejectRecipients = true;
    try {
      const e = await sendMail(parseSmtpUrl(sink.url(), 'd@example.org'), { to: 'ana.secret@example.org', subject: 's', text: 't', date: new Date() }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SmtpError);
      expect((e as SmtpError).code).toBe(550);
      expect((e as Error).message).toBe('SMTP server answered 550 to RCPT TO');
    } finally {
      sink.rejectRecipients = false;
    }
  });

  it('a closed port is an SmtpError; a malformed recipient is refused before connecting', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const cfg = parseSmtpUrl(`smtp://127.0.0.1:${closed}`, 'd@example.org');
    await expect(sendMail(cfg, { to: 'a@example.org', subject: 's', text: 't', date: new Date() })).rejects.toThrow('SMTP connection failed');
    const before = sink.connections;
    await expect(sendMail(parseSmtpUrl(sink.url(), 'd@example.org'), { to: 'a@example.org>\r\nRCPT TO:<b@example.org', subject: 's', text: 't', date: new Date() })).rejects.toBeInstanceOf(SmtpError);
    expect(sink.connections).toBe(before);
  });

  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
  if (external === undefined) console.log('clear-text refusal test skipped: this machine has no non-loopback IPv4 address');
  it.skipIf(external === undefined)('refuses to speak in clear to a server that is not on loopback and offers no STARTTLS', async () => {
    const open = net.createServer((s) => {
      s.setNoDelay(true);
      s.write('220 plain ESMTP\r\n');
      s.on('data', (d) => {
        if (d.toString().startsWith('EHLO')) s.write('250-plain\r\n250 AUTH PLAIN\r\n');
        else s.write('500 no\r\n');
      });
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => open.listen(0, external, () => resolve()));
    try {
      const { port } = open.address() as net.AddressInfo;
      const e = await sendMail(parseSmtpUrl(`smtp://u:pw@${external}:${port}`, 'd@example.org'), { to: 'a@example.org', subject: 's', text: 't', date: new Date() }).catch((x: unknown) => x);
      expect((e as Error).message).toContain('refusing to send in clear');
    } finally {
      await new Promise<void>((resolve) => open.close(() => resolve()));
    }
  });
});
