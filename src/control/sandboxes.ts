import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { DialectPluginOptions, FixtureKind } from '../core/dialect.ts';
import { CreateSandbox, ErrorBody, Sandbox, SandboxIdParams } from './schemas.ts';

type IdParams = { id: string };

/** Sandbox lifecycle: create, list, get, delete, reset, snapshots. */
export async function sandboxRoutes(app: FastifyInstance, { core }: DialectPluginOptions): Promise<void> {
  const { sandboxes } = core;

  app.post(
    '/sandboxes',
    { schema: { tags: ['sandboxes'], body: CreateSandbox, response: { 201: Sandbox, 400: ErrorBody } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as { name?: string; fixtures?: FixtureKind };
      return reply.code(201).send(await sandboxes.create(body));
    },
  );

  app.get('/sandboxes', { schema: { tags: ['sandboxes'], response: { 200: Type.Object({ sandboxes: Type.Array(Sandbox) }) } } }, async () => ({
    sandboxes: await sandboxes.list(),
  }));

  app.get(
    '/sandboxes/:id',
    { schema: { tags: ['sandboxes'], params: SandboxIdParams, response: { 200: Sandbox, 404: ErrorBody } } },
    async (request) => sandboxes.get((request.params as IdParams).id),
  );

  app.delete('/sandboxes/:id', { schema: { tags: ['sandboxes'], params: SandboxIdParams } }, async (request, reply) => {
    await sandboxes.delete((request.params as IdParams).id);
    return reply.code(204).send();
  });

  app.post('/sandboxes/:id/reset', { schema: { tags: ['sandboxes'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params as IdParams;
    await sandboxes.reset(id);
    return { id, reset: true };
  });

  app.post(
    '/sandboxes/:id/snapshots',
    {
      schema: {
        tags: ['snapshots'],
        params: SandboxIdParams,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { id } = request.params as IdParams;
      const { name } = request.body as { name: string };
      return reply.code(201).send(await sandboxes.snapshot(id, name));
    },
  );

  app.get('/sandboxes/:id/snapshots', { schema: { tags: ['snapshots'], params: SandboxIdParams } }, async (request) => ({
    snapshots: await sandboxes.listSnapshots((request.params as IdParams).id),
  }));

  app.post(
    '/sandboxes/:id/snapshots/:name/restore',
    { schema: { tags: ['snapshots'], params: Type.Object({ id: Type.String(), name: Type.String() }) } },
    async (request) => {
      const { id, name } = request.params as IdParams & { name: string };
      await sandboxes.restore(id, name);
      return { id, restored: name };
    },
  );
}
