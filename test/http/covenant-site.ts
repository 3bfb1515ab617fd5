/**
 * Helpers for the covenant pages' tests: accounts holding roles in organizations, reading form
 * fields back out of a page the way a browser would submit them, and multipart posts (the draft
 * and signing forms are multipart/form-data).
 */
import { createAccount, grantRole } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { loadOrganization } from '../../src/services/organizations.js';
import { generateKey } from '../../src/ledger/note.js';
import { PASSWORD, csrfField, type Browser } from './harness.js';

export const PARTIES = ['sur', 'norte', 'este'] as const;
export type Party = (typeof PARTIES)[number];

/** Each party's delegate key, made where a delegate keeps it (never on the server). */
export function partyKeys(): Record<Party | 'oeste', { signerKey: string; verifierKey: string }> {
  return {
    sur: generateKey('sur.example/delegate'),
    norte: generateKey('norte.example/delegate'),
    este: generateKey('este.example/delegate'),
    oeste: generateKey('oeste.example/delegate'),
  };
}

const LOCAL = { kind: 'local' } as const;

/** An account with `role` in organization `org` (roles are granted outside these pages). */
export async function accountWithRole(ctx: Ctx, username: string, org: string, role: 'admin' | 'delegate' | 'member'): Promise<void> {
  const account = await createAccount(ctx, { username, password: PASSWORD });
  const o = await loadOrganization(ctx.db, org);
  await grantRole(ctx, LOCAL, { accountId: account.id, organizationId: o.id, role });
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

export function decodeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
}

/** A textarea's value as a browser submits it: entities decoded, the first newline dropped (HTML §13.2.6.4.7), CR LF line breaks. */
export function textareaValue(html: string, id: string): string {
  const m = new RegExp(`<textarea id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (!m) throw new Error(`no textarea #${id} on the page`);
  return decodeHtml(m[1]!).replace(/^\n/, '').replace(/\n/g, '\r\n');
}

/** The text of <pre id="…">, as a reader copies it. */
export function preText(html: string, id: string): string {
  const m = new RegExp(`<pre id="${id}">([\\s\\S]*?)</pre>`).exec(html);
  if (!m) throw new Error(`no pre #${id} on the page`);
  return decodeHtml(m[1]!);
}

/** POST a multipart form carrying the page's csrf field. */
export async function postMultipart(b: Browser, formPage: string, action: string, fields: Record<string, string | Blob>): Promise<Response> {
  const body = new FormData();
  body.set('csrf', csrfField(await (await b.get(formPage)).text()));
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return b.request(action, { method: 'POST', body });
}

/** Every <script> on a page: only the enhancement script, by src, may appear. */
export function scripts(html: string): string[] {
  return [...html.matchAll(/<script[^>]*>/gi)].map((m) => m[0]);
}
