import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { RevelCredentials as RevelCredentialsSchema } from './control-schemas.ts';
import type { AuthScheme, CredentialSpec } from '../../core/dialect.ts';

export type RevelCredentials = Static<typeof RevelCredentialsSchema>;

export const credentials: CredentialSpec<RevelCredentials> = {
  schema: RevelCredentialsSchema,
  demo: { apiKey: 'demo-revel-key', apiSecret: 'demo-revel-secret' },
  random: (random) => ({ apiKey: random.hex(16), apiSecret: random.hex(32) }),
  rows: (c) => [{ kind: 'primary', key: c.apiKey, secret: c.apiSecret }],
  fromRows: (rows) => ({ apiKey: rows[0].key, apiSecret: rows[0].secret ?? '' }),
  sensitive: ['API-AUTHENTICATION', 'api_key', 'api_secret'],
};

const isForm = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/**
 * FIDELITY.md, Revel auth: `API-AUTHENTICATION: key:secret`, or `api_key` + `api_secret` as
 * query or form parameters. Both halves must match (the default check).
 */
export const apiKeyAuth: AuthScheme = {
  extract(request) {
    const header = request.headers['api-authentication'];
    if (typeof header === 'string' && header.includes(':')) {
      const at = header.indexOf(':');
      return { kind: 'primary', key: header.slice(0, at).trim(), secret: header.slice(at + 1).trim() };
    }
    const query = (request.query ?? {}) as Record<string, unknown>;
    const body = isForm(request) && request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const pick = (name: string) => {
      const v = query[name] ?? body[name];
      return typeof v === 'string' ? v : Array.isArray(v) && typeof v[v.length - 1] === 'string' ? (v[v.length - 1] as string) : undefined;
    };
    const key = pick('api_key');
    return key ? { kind: 'primary', key, secret: pick('api_secret') ?? '' } : null;
  },
  // Form parameters can only be read once the form is parsed.
  readsBody: (request) => request.headers['api-authentication'] === undefined && (request.query as Record<string, unknown> | undefined)?.api_key === undefined && isForm(request),
  // The form parameters that authenticated the request are not fields of the object.
  consume(request) {
    if (request.body && typeof request.body === 'object' && isForm(request)) {
      const { api_key: _key, api_secret: _secret, ...rest } = request.body as Record<string, unknown>;
      request.body = rest;
    }
  },
  present: (c) => ({ headers: { 'API-AUTHENTICATION': `${c.apiKey}:${c.apiSecret}` } }),
};
