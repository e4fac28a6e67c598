import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ControlOptions } from './index.ts';
import { CreateSandbox, ErrorBody, NoContent, ResetAnswer, RestoreAnswer, SandboxIdParams, SandboxList, sandboxSchema, Snapshot, SnapshotList, SnapshotName, SnapshotParams } from './schemas.ts';

/** Sandbox lifecycle: create, list, get, delete, reset, snapshots. */
export async function sandboxRoutes(fastify: FastifyInstance, { core }: ControlOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sandboxes } = core;
  const Sandbox = sandboxSchema(core.credentials.schema());

  app.post(
    '/sandboxes',
    { schema: { tags: ['sandboxes'], summary: 'Creates a sandbox (demo or empty fixtures, optionally seeded) with its credentials', body: CreateSandbox, response: { 201: Sandbox, 400: ErrorBody } } },
    async (request, reply) => {
      const body = request.body ?? {};
      return reply.code(201).send(await sandboxes.create(body));
    },
  );

  app.get('/sandboxes', { schema: { tags: ['sandboxes'], summary: 'Every sandbox with its credentials', response: { 200: SandboxList(Sandbox) } } }, async () => ({
    sandboxes: await sandboxes.list(),
  }));

  app.get(
    '/sandboxes/:id',
    { schema: { tags: ['sandboxes'], summary: 'One sandbox with its credentials', params: SandboxIdParams, response: { 200: Sandbox, 404: ErrorBody } } },
    async (request) => sandboxes.get(request.params.id),
  );

  app.delete('/sandboxes/:id', { schema: { tags: ['sandboxes'], summary: 'Deletes a sandbox: its data and credentials are gone', params: SandboxIdParams, response: { 204: NoContent } } }, async (request, reply) => {
    await sandboxes.delete(request.params.id);
    return reply.code(204).send();
  });

  app.post('/sandboxes/:id/reset', { schema: { tags: ['sandboxes'], summary: 'Puts the data back to its fixtures (credentials, clock, webhooks and fault rules stay)', params: SandboxIdParams, response: { 200: ResetAnswer } } }, async (request) => {
    const { id } = request.params;
    await sandboxes.reset(id);
    return { id, reset: true as const };
  });

  app.post(
    '/sandboxes/:id/snapshots',
    {
      schema: {
        tags: ['snapshots'],
        summary: 'Takes a named copy of all the sandbox data (the same name again replaces it)',
        params: SandboxIdParams,
        body: SnapshotName,
        response: { 201: Snapshot },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { name } = request.body;
      return reply.code(201).send(await sandboxes.snapshot(id, name));
    },
  );

  app.get('/sandboxes/:id/snapshots', { schema: { tags: ['snapshots'], summary: 'The snapshots of a sandbox', params: SandboxIdParams, response: { 200: SnapshotList } } }, async (request) => ({
    snapshots: await sandboxes.listSnapshots(request.params.id),
  }));

  app.post(
    '/sandboxes/:id/snapshots/:name/restore',
    { schema: { tags: ['snapshots'], summary: 'Puts the data back exactly as at the snapshot, id counters included', params: SnapshotParams, response: { 200: RestoreAnswer } } },
    async (request) => {
      const { id, name } = request.params;
      await sandboxes.restore(id, name);
      return { id, restored: name };
    },
  );
}
