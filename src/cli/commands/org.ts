/** org create|show|list|update|key add|key revoke: organizations and their delegates' verifier keys. */
import type { Command } from 'commander';
import {
  addOrganizationKey,
  createOrganization,
  getOrganization,
  listOrganizations,
  revokeOrganizationKey,
  updateOrganization,
  type OrganizationUpdate,
  type OrganizationView,
} from '../../services/organizations.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { printJson } from '../io.js';

const LOCAL = { kind: 'local' } as const;

interface ProfileOptions {
  name?: string;
  country?: string;
  jurisdiction?: string;
  languages?: string;
  timeZone?: string;
  description?: string;
  json?: boolean;
}

function splitList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function printOrganization(o: OrganizationView, json: boolean | undefined): void {
  if (json) {
    const { id: _id, ...rest } = o;
    return printJson(rest);
  }
  const lines = [
    `${o.slug}: ${o.name}`,
    `country ${o.country}${o.jurisdiction ? ` (${o.jurisdiction})` : ''}`,
    `languages ${o.languages.join(', ')}`,
    `time zone ${o.timeZone}`,
    ...(o.description ? [o.description] : []),
    ...o.verifierKeys.map((k) => `key ${k}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function profileOptions(c: Command): Command {
  return c
    .option('--name <name>', 'display name')
    .option('--country <code>', 'ISO 3166-1 alpha-2 country code, e.g. AR')
    .option('--jurisdiction <text>', 'where the organization is registered or operates, in words')
    .option('--languages <tags>', 'BCP 47 language tags, comma-separated, e.g. es,en')
    .option('--time-zone <zone>', 'IANA time zone, e.g. America/Argentina/Buenos_Aires')
    .option('--description <text>', 'a short public description')
    .option('--json', 'print JSON');
}

export function registerOrg(program: Command): void {
  const org = program.command('org').description('organizations: the parties to alliances');

  profileOptions(org.command('create').argument('<slug>', 'lowercase letters, digits and hyphens'))
    .description('create an organization (public: every field enters the archive)')
    .action(async (slug: string, o: ProfileOptions, cmd: Command) => {
      const created = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        createOrganization(ctx, LOCAL, {
          slug,
          name: o.name ?? '',
          country: o.country ?? '',
          languages: splitList(o.languages) ?? [],
          timeZone: o.timeZone ?? 'UTC',
          ...(o.jurisdiction !== undefined ? { jurisdiction: o.jurisdiction } : {}),
          ...(o.description !== undefined ? { description: o.description } : {}),
        }),
      );
      if (o.json) return printOrganization(created, true);
      process.stdout.write(`created organization ${created.slug}\n`);
    });

  profileOptions(org.command('update').argument('<slug>'))
    .description('change public fields of an organization')
    .action(async (slug: string, o: ProfileOptions, cmd: Command) => {
      const changes: OrganizationUpdate = {};
      if (o.name !== undefined) changes.name = o.name;
      if (o.country !== undefined) changes.country = o.country;
      if (o.jurisdiction !== undefined) changes.jurisdiction = o.jurisdiction;
      if (o.languages !== undefined) changes.languages = splitList(o.languages)!;
      if (o.timeZone !== undefined) changes.timeZone = o.timeZone;
      if (o.description !== undefined) changes.description = o.description;
      const updated = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => updateOrganization(ctx, LOCAL, slug, changes));
      printOrganization(updated, o.json);
    });

  org
    .command('show')
    .argument('<slug>')
    .option('--json', 'print JSON')
    .description('show an organization and its delegates’ verifier keys')
    .action(async (slug: string, o: { json?: boolean }, cmd: Command) => {
      printOrganization(await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => getOrganization(ctx, slug)), o.json);
    });

  org
    .command('list')
    .option('--json', 'print JSON')
    .description('list organizations')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const all = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listOrganizations(ctx));
      if (o.json) return printJson(all.map(({ id: _id, ...rest }) => rest));
      for (const x of all) process.stdout.write(`${x.slug}\t${x.country}\t${x.name}\n`);
    });

  const key = org.command('key').description('delegates’ verifier keys (C2SP signed-note, from `daylight keygen`)');
  key
    .command('add')
    .argument('<slug>')
    .argument('<vkey>', 'verifier key <name>+<id>+<base64>')
    .option('--json', 'print JSON')
    .description('register a delegate’s verifier key: signatures by it count as the organization’s')
    .action(async (slug: string, vkey: string, o: { json?: boolean }, cmd: Command) => {
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => addOrganizationKey(ctx, LOCAL, slug, vkey));
      if (o.json) return printOrganization(r, true);
      process.stdout.write(`added key to ${slug}; ${r.verifierKeys.length} active\n`);
    });
  key
    .command('revoke')
    .argument('<slug>')
    .argument('<vkey>')
    .option('--json', 'print JSON')
    .description('revoke a key: it signs nothing new for the organization (signatures made before stand)')
    .action(async (slug: string, vkey: string, o: { json?: boolean }, cmd: Command) => {
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => revokeOrganizationKey(ctx, LOCAL, slug, vkey));
      if (o.json) return printOrganization(r, true);
      process.stdout.write(`revoked key of ${slug}; ${r.verifierKeys.length} active\n`);
    });
}
