import type { OpenApiDescription } from '../../core/openapi.ts';
import { ApimError, Failure } from './responses.ts';

/** What the Revers.io document says beyond the route schemas (core/openapi.ts). */
export const openapi: OpenApiDescription = {
  securitySchemes: {
    subscriptionKey: { type: 'apiKey', in: 'header', name: 'Ocp-Apim-Subscription-Key', description: 'The APIM subscription key' },
    subscriptionKeyQuery: { type: 'apiKey', in: 'query', name: 'subscription-key', description: 'The APIM subscription key, as a query parameter' },
    secretValue: { type: 'apiKey', in: 'header', name: 'Ocp-Apim-Secret-Value', description: "The subscription key's secret value (GET token only)" },
    secretQuery: { type: 'apiKey', in: 'query', name: 'secret', description: "The subscription key's secret value, the older form (GET token only)" },
    jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The JWT from GET token, valid one hour' },
  },
  security: {
    secret: [
      { subscriptionKey: [], secretValue: [] },
      { subscriptionKey: [], secretQuery: [] },
      { subscriptionKeyQuery: [], secretValue: [] },
      { subscriptionKeyQuery: [], secretQuery: [] },
    ],
    default: [
      { subscriptionKey: [], jwt: [] },
      { subscriptionKeyQuery: [], jwt: [] },
    ],
  },
  errors: [
    { status: 401, when: 'auth', description: 'APIM refuses a missing or unknown key, a wrong secret or a bad JWT', schema: ApimError },
    { status: 400, when: 'input', description: 'A bad request: the envelope, the field in `errors[0].subject`', schema: Failure },
    { status: 413, when: 'body', description: 'The body is over 1 MiB', schema: Failure },
  ],
};
