import type { OpenApiDescription } from '../../core/openapi.ts';

/** FIDELITY.md, Comeback: `{"error": message}`. */
const ErrorBody = { type: 'object', required: ['error'], properties: { error: { type: 'string' } }, additionalProperties: false };

/** What the Comeback document says beyond the route schemas (core/openapi.ts). */
export const openapi: OpenApiDescription = {
  securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'The raw API token (no `Bearer`)' } },
  security: { default: [{ token: [] }], public: [] },
  errors: [
    { status: 401, when: 'auth', description: 'No or an unknown token', schema: ErrorBody },
    { status: 400, when: 'input', description: 'A bad request', schema: ErrorBody },
    { status: 413, when: 'body', description: 'The body is over 1 MiB', schema: ErrorBody },
    { status: 415, when: 'body', description: 'A body that is neither JSON nor form-encoded', schema: ErrorBody },
  ],
};
