import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ControlOptions } from './index.ts';
import { CreateSandbox, ErrorBody, SandboxIdParams, sandboxSchema } from './schemas.ts';

/** Sandbox lifecycle: create, list, get, delete, reset, snapshots. */
export async function sandboxRoutes(fastify: FastifyInstance, { core }: ControlOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sandboxes } = core;
  const Sandbox = sandboxSchema(core.credentials.schema());

  app.post(
    '/sandboxes',
    { schema: { tags: ['sandboxes'], body: CreateSandbox, response: { 201: Sandbox, 400: ErrorBody } } },
    async (request, reply) => {
      const body = request.body ?? {};
      return reply.code(201).send(await sandboxes.create(body));
    },
  );

  app.get('/sandboxes', { schema: { tags: ['sandboxes'], response: { 200: Type.Object({ sandboxes: Type.Array(Sandbox) }) } } }, async () => ({
    sandboxes: await sandboxes.list(),
  }));

  app.get(
    '/sandboxes/:id',
    { schema: { tags: ['sandboxes'], params: SandboxIdParams, response: { 200: Sandbox, 404: ErrorBody } } },
    async (request) => sandboxes.get(request.params.id),
  );

  app.delete('/sandboxes/:id', { schema: { tags: ['sandboxes'], params: SandboxIdParams } }, async (request, reply) => {
    await sandboxes.delete(request.params.id);
    return reply.code(204).send();
  });

  app.post('/sandboxes/:id/reset', { schema: { tags: ['sandboxes'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params;
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
      const { id } = request.params;
      const { name } = request.body;
      return reply.code(201).send(await sandboxes.snapshot(id, name));
    },
  );

  app.get('/sandboxes/:id/snapshots', { schema: { tags: ['snapshots'], params: SandboxIdParams } }, async (request) => ({
    snapshots: await sandboxes.listSnapshots(request.params.id),
  }));

  app.post(
    '/sandboxes/:id/snapshots/:name/restore',
    { schema: { tags: ['snapshots'], params: Type.Object({ id: Type.String(), name: Type.String() }) } },
    async (request) => {
      const { id, name } = request.params;
      await sandboxes.restore(id, name);
      return { id, restored: name };
    },
  );
}
