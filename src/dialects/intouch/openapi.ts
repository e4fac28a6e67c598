import type { OpenApiDescription } from '../../core/openapi.ts';
import { requestBodies } from './request-bodies.ts';

/** Laravel's answers (FIDELITY.md, errors.ts). */
const Message = { type: 'object', required: ['message'], properties: { message: { type: 'string' } }, additionalProperties: false };
export const Unauthenticated = { type: 'object', required: ['message'], properties: { message: { const: 'Unauthenticated.' } }, additionalProperties: false };
const Invalid = {
  type: 'object',
  required: ['error', 'code', 'data'],
  properties: { error: { const: 'The given data was invalid.' }, code: { const: 0 }, data: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
  additionalProperties: false,
};

/** What the InTouch document says beyond the route schemas (core/openapi.ts). */
export const openapi: OpenApiDescription = {
  securitySchemes: {
    account: { type: 'apiKey', in: 'header', name: 'account', description: 'The account name (or the host, `{account}.revointouch.works`)' },
    apiToken: { type: 'http', scheme: 'bearer', description: 'API authorization: the API token of the account' },
    customerToken: { type: 'http', scheme: 'bearer', description: 'Customer authorization: a customer token from customer/login or customer/register' },
  },
  security: {
    default: [{ account: [], apiToken: [] }],
    customer: [{ account: [], customerToken: [] }],
    account: [{ account: [] }],
  },
  errors: [
    { status: 401, when: 'auth', description: 'Unauthenticated: no or a wrong account or token', schema: Unauthenticated },
    { status: 422, when: 'always', description: 'The given data was invalid (each field with its messages)', schema: Invalid },
    { status: 404, when: 'params', description: 'No such record', schema: Message },
    { status: 413, when: 'always', description: 'The body is over its limit', schema: Message },
  ],
  requestBodies,
};
