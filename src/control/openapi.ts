import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { completeDocument, type OpenApiDescription } from '../core/openapi.ts';
import type { DialectDefinition } from '../core/dialect.ts';
import type { ControlOptions } from './index.ts';
import { OpenApiDocument, ErrorBody as ErrorBodySchema } from './schemas.ts';

type OpenApiDoc = { paths?: Record<string, unknown>; [k: string]: unknown };

const ErrorBody = { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };

/** The control API's own: the optional admin token, and `{"error": message}` for every refusal. */
export const controlOpenapi: OpenApiDescription = {
  securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'UNDERSTUDY_ADMIN_TOKEN, needed only when the server is started with one' } },
  security: { default: [{ adminToken: [] }, {}] },
  errors: [
    { status: 401, when: 'always', description: 'UNDERSTUDY_ADMIN_TOKEN is set and the request does not carry it', schema: ErrorBody },
    { status: 400, when: 'input', description: 'A bad request', schema: ErrorBody },
    { status: 404, when: 'params', description: 'No such sandbox (or object of it)', schema: ErrorBody },
    { status: 413, when: 'body', description: 'The body is over 1 MiB', schema: ErrorBody },
    { status: 415, when: 'body', description: 'A body that is not JSON', schema: ErrorBody },
  ],
};

/** One OpenAPI 3.1 document per dialect, cut from the document generated off every route schema. */
export function documentFor(full: OpenApiDoc, prefix: string, title: string, description: OpenApiDescription | undefined): OpenApiDoc {
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(full.paths ?? {})) {
    if (path === prefix || path.startsWith(`${prefix}/`)) paths[path.slice(prefix.length) || '/'] = item;
  }
  const info = { title, version: '0.1.0', description: `${title}, as Understudy serves it under \`${prefix}\`.` };
  return completeDocument({ ...full, info, servers: [{ url: prefix }], paths }, description);
}

/** The document named `control` or a dialect's name; null when there is none of that name. */
export function documentNamed(full: OpenApiDoc, name: string, dialects: readonly DialectDefinition<any>[]): OpenApiDoc | null {
  if (name === 'control') return documentFor(full, '/_understudy', 'Understudy control API', controlOpenapi);
  const dialect = dialects.find((d) => d.name === name);
  if (!dialect?.routes) return null;
  return documentFor(full, dialect.prefix, `${dialect.name} (Understudy)`, dialect.openapi);
}

export async function openapiRoutes(fastify: FastifyInstance, { core }: ControlOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/openapi/:name.json',
    { schema: { hide: true, params: Type.Object({ name: Type.String() }), response: { 200: OpenApiDocument, 404: ErrorBodySchema } } },
    async (request, reply) => {
      const { name } = request.params;
      const doc = documentNamed(app.swagger() as unknown as OpenApiDoc, name, core.dialects);
      return (doc as Static<typeof OpenApiDocument> | null) ?? reply.code(404).send({ error: `no OpenAPI document '${name}': one of control, ${core.dialects.map((d) => d.name).join(', ')}` });
    },
  );
}
