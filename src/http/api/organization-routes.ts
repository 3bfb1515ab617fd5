/**
 * Organizations, their delegates' keys and members; alliances. Each route: authenticate (Bearer)
 * → validate (zod) → one use case, which authorizes (services/organizations.ts: instance admin or
 * the operator creates organizations; an organization's admin changes it) → present the fields
 * that go out. Members are presented without real name or contact: the presenter has no such field.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Ctx } from '../../services/context.js';
import { actorOf } from '../../services/accounts.js';
import {
  addOrganizationKey,
  createOrganization,
  getOrganization,
  listOrganizations,
  revokeOrganizationKey,
  updateOrganization,
  type OrganizationView,
} from '../../services/organizations.js';
import { addMember, listMembers, type MemberView } from '../../services/members.js';
import { createAlliance, getAlliance, listAlliances } from '../../services/alliances.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';
import {
  Alliance,
  AllianceInput,
  Alliances,
  KeyInput,
  Member,
  MemberInput,
  Members,
  Organization,
  OrganizationInput,
  Organizations,
  OrganizationUpdate,
  SlugParams,
} from './covenant-schemas.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const body = <T>(schema: T) => ({ body: { required: true, content: json(schema) } });

export function presentOrganization(o: OrganizationView) {
  return {
    slug: o.slug,
    name: o.name,
    country: o.country,
    jurisdiction: o.jurisdiction,
    languages: [...o.languages],
    timeZone: o.timeZone,
    description: o.description,
    verifierKeys: [...o.verifierKeys],
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function presentMember(m: MemberView) {
  return { id: m.id, organization: m.organization, pseudonym: m.pseudonym, officeholder: m.officeholder, triadEligible: m.triadEligible };
}

const routes = {
  createOrg: createRoute({
    method: 'post',
    path: '/organizations',
    summary: 'Create an organization (instance admin); its public profile enters the archive',
    security: bearer,
    request: body(OrganizationInput),
    responses: { 201: { description: 'created', content: json(Organization) }, ...authErrorResponses },
  }),
  listOrgs: createRoute({
    method: 'get',
    path: '/organizations',
    summary: 'Every organization’s public profile',
    responses: { 200: { description: 'organizations', content: json(Organizations) } },
  }),
  getOrg: createRoute({
    method: 'get',
    path: '/organizations/{slug}',
    summary: 'An organization’s public profile and its delegates’ verifier keys',
    request: { params: SlugParams },
    responses: { 200: { description: 'the organization', content: json(Organization) }, ...errorResponses },
  }),
  updateOrg: createRoute({
    method: 'patch',
    path: '/organizations/{slug}',
    summary: 'Change public fields (an admin of the organization)',
    security: bearer,
    request: { params: SlugParams, ...body(OrganizationUpdate) },
    responses: { 200: { description: 'updated', content: json(Organization) }, ...authErrorResponses },
  }),
  addKey: createRoute({
    method: 'post',
    path: '/organizations/{slug}/keys',
    summary: 'Register a delegate’s verifier key (an admin of the organization)',
    security: bearer,
    request: { params: SlugParams, ...body(KeyInput) },
    responses: { 201: { description: 'the organization with the key', content: json(Organization) }, ...authErrorResponses },
  }),
  revokeKey: createRoute({
    method: 'post',
    path: '/organizations/{slug}/keys/revoke',
    summary: 'Revoke a delegate’s key: it signs nothing new (an admin of the organization)',
    security: bearer,
    request: { params: SlugParams, ...body(KeyInput) },
    responses: { 200: { description: 'the organization without the key', content: json(Organization) }, ...authErrorResponses },
  }),
  addMember: createRoute({
    method: 'post',
    path: '/organizations/{slug}/members',
    summary: 'Add a member: real name and contact are stored privately and never returned or published',
    security: bearer,
    request: { params: SlugParams, ...body(MemberInput) },
    responses: { 201: { description: 'the member, public fields only', content: json(Member) }, ...authErrorResponses },
  }),
  listMembers: createRoute({
    method: 'get',
    path: '/organizations/{slug}/members',
    summary: 'Members by pseudonym (admins and delegates of the organization)',
    security: bearer,
    request: { params: SlugParams },
    responses: { 200: { description: 'members, public fields only', content: json(Members) }, ...authErrorResponses },
  }),
  createAlliance: createRoute({
    method: 'post',
    path: '/alliances',
    summary: 'Create an alliance with its founding parties (instance admin, or an admin or delegate of a founding party)',
    security: bearer,
    request: body(AllianceInput),
    responses: { 201: { description: 'created', content: json(Alliance) }, ...authErrorResponses },
  }),
  listAlliances: createRoute({
    method: 'get',
    path: '/alliances',
    summary: 'Every alliance and its status',
    responses: { 200: { description: 'alliances', content: json(Alliances) } },
  }),
  getAlliance: createRoute({
    method: 'get',
    path: '/alliances/{slug}',
    summary: 'An alliance: parties and standings, ratified and proposed versions, renewal',
    request: { params: SlugParams },
    responses: { 200: { description: 'the alliance', content: json(Alliance) }, ...errorResponses },
  }),
};

export function registerOrganizationRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(routes.createOrg, async (c) => {
    const actor = actorOf(requireAccount(c));
    const o = await createOrganization(ctx, actor, c.req.valid('json'));
    return c.json(presentOrganization(o), 201);
  });
  api.openapi(routes.listOrgs, async (c) => c.json({ organizations: (await listOrganizations(ctx)).map(presentOrganization) }, 200));
  api.openapi(routes.getOrg, async (c) => c.json(presentOrganization(await getOrganization(ctx, c.req.valid('param').slug)), 200));
  api.openapi(routes.updateOrg, async (c) => {
    const actor = actorOf(requireAccount(c));
    const o = await updateOrganization(ctx, actor, c.req.valid('param').slug, c.req.valid('json'));
    return c.json(presentOrganization(o), 200);
  });
  api.openapi(routes.addKey, async (c) => {
    const actor = actorOf(requireAccount(c));
    const o = await addOrganizationKey(ctx, actor, c.req.valid('param').slug, c.req.valid('json').verifierKey);
    return c.json(presentOrganization(o), 201);
  });
  api.openapi(routes.revokeKey, async (c) => {
    const actor = actorOf(requireAccount(c));
    const o = await revokeOrganizationKey(ctx, actor, c.req.valid('param').slug, c.req.valid('json').verifierKey);
    return c.json(presentOrganization(o), 200);
  });
  api.openapi(routes.addMember, async (c) => {
    const actor = actorOf(requireAccount(c));
    const m = await addMember(ctx, actor, { organization: c.req.valid('param').slug, ...c.req.valid('json') });
    return c.json(presentMember(m), 201);
  });
  api.openapi(routes.listMembers, async (c) => {
    const actor = actorOf(requireAccount(c));
    const ms = await listMembers(ctx, actor, c.req.valid('param').slug);
    return c.json({ members: ms.map(presentMember) }, 200);
  });
  api.openapi(routes.createAlliance, async (c) => {
    const actor = actorOf(requireAccount(c));
    return c.json(await createAlliance(ctx, actor, c.req.valid('json')), 201);
  });
  api.openapi(routes.listAlliances, async (c) => c.json({ alliances: await listAlliances(ctx) }, 200));
  api.openapi(routes.getAlliance, async (c) => c.json(await getAlliance(ctx, c.req.valid('param').slug), 200));
}
