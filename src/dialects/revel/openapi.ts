import type { OpenApiDescription } from '../../core/openapi.ts';

/** Tastypie's `{"error": message}` (FIDELITY.md). */
export const RevelErrorBody = { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };
/** Tastypie's field errors, by resource: `{"Product": {"name": ["This field is required."]}}`. */
export const FieldErrors = { type: 'object', maxProperties: 1, additionalProperties: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } };

/** What the Revel document says beyond the route schemas (core/openapi.ts). */
export const openapi: OpenApiDescription = {
  securitySchemes: {
    apiAuthentication: { type: 'apiKey', in: 'header', name: 'API-AUTHENTICATION', description: '`{apiKey}:{apiSecret}`' },
    apiKey: { type: 'apiKey', in: 'query', name: 'api_key', description: 'The API key (also as a form field)' },
    apiSecret: { type: 'apiKey', in: 'query', name: 'api_secret', description: 'The API secret (also as a form field)' },
  },
  security: { default: [{ apiAuthentication: [] }, { apiKey: [], apiSecret: [] }] },
  errors: [
    { status: 401, when: 'auth', description: 'No or a wrong key and secret: an empty body', schema: null },
    { status: 400, when: 'input', description: 'A bad request (`{"error"}`) or field errors', schema: { anyOf: [RevelErrorBody, FieldErrors] } },
    { status: 404, when: 'params', description: 'No such object: an empty body', schema: null },
  ],
  xml: true,
};
