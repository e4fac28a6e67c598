import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ControlOptions } from './index.ts';

type OpenApiDoc = { paths?: Record<string, unknown>; [k: string]: unknown };

/** One OpenAPI 3.1 document per dialect, cut from the document generated off every route schema. */
export function documentFor(full: OpenApiDoc, prefix: string, title: string): OpenApiDoc {
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(full.paths ?? {})) {
    if (path === prefix || path.startsWith(`${prefix}/`)) paths[path.slice(prefix.length) || '/'] = item;
  }
  return { ...full, info: { title, version: '0.1.0' }, servers: [{ url: prefix }], paths };
}

export async function openapiRoutes(fastify: FastifyInstance, { core }: ControlOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/openapi/:name.json',
    { schema: { hide: true, params: Type.Object({ name: Type.String() }) } },
    async (request, reply) => {
      const { name } = request.params;
      const full = app.swagger() as unknown as OpenApiDoc;
      if (name === 'control') return documentFor(full, '/_understudy', 'Understudy control API');
      const dialect = core.dialects.find((d) => d.name === name);
      if (!dialect) return reply.code(404).send({ error: `no OpenAPI document '${name}': one of control, ${core.dialects.map((d) => d.name).join(', ')}` });
      return documentFor(full, dialect.prefix, `${dialect.name} (Understudy)`);
    },
  );
}
