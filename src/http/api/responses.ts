/** Response declarations shared by the API routes (OpenAPI only; the handlers build the bodies). */
import { ErrorBody } from './schemas.js';

const json = { 'application/json': { schema: ErrorBody } };

export const errorResponses = {
  400: { description: 'bad input: the message names the field and what is expected', content: json },
  404: { description: 'nothing there', content: json },
} as const;

export const authErrorResponses = {
  ...errorResponses,
  401: { description: 'no API token, or an unknown one', content: json },
  403: { description: 'the token’s account may not do this', content: json },
  409: { description: 'conflicts with what is already recorded', content: json },
  413: { description: 'request body too large', content: json },
} as const;

export const bearer = [{ bearer: [] as string[] }];
