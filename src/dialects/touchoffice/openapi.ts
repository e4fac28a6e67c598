import type { OpenApiDescription } from '../../core/openapi.ts';

/** FIDELITY.md: every failure is HTTP 200 `{"status": 0, "msg"}`; a missing or unknown TAK adds `"auth": "false"`. */
const Failure = { type: 'object', required: ['status', 'msg'], properties: { status: { const: 0 }, msg: { type: 'string' } }, additionalProperties: false };
const TakRefused = {
  type: 'object',
  required: ['status', 'msg', 'auth'],
  properties: { status: { const: 0 }, msg: { enum: ['No TAK supplied', 'Invalid TAK'] }, auth: { const: 'false' } },
  additionalProperties: false,
};

/** What the TouchOffice document says beyond the route schemas (core/openapi.ts). */
export const openapi: OpenApiDescription = {
  securitySchemes: { TAK: { type: 'apiKey', in: 'query', name: 'TAK', description: 'The terminal access key, on every call' } },
  security: { default: [{ TAK: [] }] },
  errors: [
    { status: 200, when: 'always', description: 'A failure: `status` 0 and `msg` (still HTTP 200)', schema: Failure },
    { status: 200, when: 'auth', description: 'No or an unknown TAK: `"auth": "false"` (still HTTP 200)', schema: TakRefused },
  ],
  xml: true,
};
