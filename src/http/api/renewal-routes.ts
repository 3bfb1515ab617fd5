/**
 * Renewal endpoints (issue 3 §8): status (public), opening early (a party's admin or delegate),
 * the text to re-sign, re-signatures (checked against the party's keys), and testimonies — any
 * account may testify, under a pseudonym or anonymously by its own choice; an anonymous testimony
 * keeps no name and no link to the account that sent it.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Ctx } from '../../services/context.js';
import { actorOf } from '../../services/accounts.js';
import { addTestimony, openRenewal, renewalSigningSubject, renewalStatus, submitRenewalSignature } from '../../services/renewals.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';
import { OpenedRenewal, RenewalSignatureDone, RenewalStatus, RenewalText, SignatureInput, SlugParams, TestimonyDone, TestimonyInput } from './covenant-schemas.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const body = <T>(schema: T) => ({ body: { required: true, content: json(schema) } });

const routes = {
  status: createRoute({
    method: 'get',
    path: '/alliances/{slug}/renewals',
    summary: 'Renewals of the ratified covenant: due dates, re-signatures, testimony counts, the next one',
    request: { params: SlugParams },
    responses: { 200: { description: 'status', content: json(RenewalStatus) }, ...errorResponses },
  }),
  open: createRoute({
    method: 'post',
    path: '/alliances/{slug}/renewals',
    summary: 'Open the next renewal now (it opens at its due time anyway)',
    security: bearer,
    request: { params: SlugParams },
    responses: { 201: { description: 'opened; the covenant is restated', content: json(OpenedRenewal) }, ...authErrorResponses },
  }),
  text: createRoute({
    method: 'get',
    path: '/alliances/{slug}/renewals/signature-text',
    summary: 'The exact note text a party re-signs for the open renewal',
    request: { params: SlugParams },
    responses: { 200: { description: 'the text', content: json(RenewalText) }, ...errorResponses, 409: errorResponses[400] },
  }),
  sign: createRoute({
    method: 'post',
    path: '/alliances/{slug}/renewals/signatures',
    summary: 'Submit a party’s re-signature; published when it was the last',
    security: bearer,
    request: { params: SlugParams, ...body(SignatureInput) },
    responses: { 201: { description: 'accepted', content: json(RenewalSignatureDone) }, ...authErrorResponses },
  }),
  testify: createRoute({
    method: 'post',
    path: '/alliances/{slug}/renewals/testimonies',
    summary: 'Testify to the open renewal, under a pseudonym or anonymously; published with the renewal',
    security: bearer,
    request: { params: SlugParams, ...body(TestimonyInput) },
    responses: { 201: { description: 'recorded, to be published with the renewal', content: json(TestimonyDone) }, ...authErrorResponses },
  }),
};

export function registerRenewalRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(routes.status, async (c) => c.json(await renewalStatus(ctx, c.req.valid('param').slug), 200));
  api.openapi(routes.open, async (c) => {
    const actor = actorOf(requireAccount(c));
    return c.json(await openRenewal(ctx, actor, { alliance: c.req.valid('param').slug }), 201);
  });
  api.openapi(routes.text, async (c) => c.json(await renewalSigningSubject(ctx, c.req.valid('param').slug), 200));
  api.openapi(routes.sign, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    return c.json(await submitRenewalSignature(ctx, actor, { alliance: c.req.valid('param').slug, note: b.note, ...(b.party ? { party: b.party } : {}) }), 201);
  });
  api.openapi(routes.testify, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    const r = await addTestimony(ctx, actor, {
      alliance: c.req.valid('param').slug,
      text: b.text,
      pseudonym: b.anonymous === true ? null : b.pseudonym!,
      ...(b.lang !== undefined ? { lang: b.lang } : {}),
    });
    return c.json(r, 201);
  });
}
