import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DialectPluginOptions } from '../core/dialect.ts';
import { listWebhooks, setWebhookUrl } from '../core/outbox/store.ts';
import { NotFoundError } from '../core/sandboxes/service.ts';
import { sandboxTransaction } from '../core/sandboxes/transaction.ts';
import { Clock, ClockChange, DialectName, Faults, SandboxIdParams, Webhook } from './schemas.ts';

/** Per-sandbox state that is not vendor data: clock, journal, webhooks, deliveries, faults, fixtures. */
export async function sandboxStateRoutes(fastify: FastifyInstance, { core }: DialectPluginOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sandboxes } = core;
  const dialectNamed = (name: string) => {
    const d = core.dialects.find((x) => x.name === name);
    if (!d) throw new NotFoundError(`dialect '${name}' is not served (served: ${core.dialects.map((x) => x.name).join(', ')})`);
    return d;
  };

  app.get('/sandboxes/:id/clock', { schema: { tags: ['clock'], params: SandboxIdParams, response: { 200: Clock } } }, async (request) =>
    sandboxes.clock(request.params.id),
  );
  app.put(
    '/sandboxes/:id/clock',
    { schema: { tags: ['clock'], params: SandboxIdParams, body: ClockChange, response: { 200: Clock } } },
    async (request) => sandboxes.setClock(request.params.id, request.body),
  );
  app.delete('/sandboxes/:id/clock', { schema: { tags: ['clock'], params: SandboxIdParams, response: { 200: Clock } } }, async (request) =>
    sandboxes.setClock(request.params.id, null),
  );

  app.get(
    '/sandboxes/:id/requests',
    {
      schema: {
        tags: ['journal'],
        params: SandboxIdParams,
        querystring: Type.Object({ dialect: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request) => {
      const { id } = request.params;
      await sandboxes.require(id);
      const { dialect, limit } = request.query;
      return { requests: await core.journal.list(id, { dialect, limit }) };
    },
  );

  app.get('/sandboxes/:id/webhooks', { schema: { tags: ['webhooks'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    return { webhooks: await listWebhooks(core.db, id) };
  });
  app.put(
    '/sandboxes/:id/webhooks/:dialect',
    { schema: { tags: ['webhooks'], params: Type.Object({ id: Type.String(), dialect: DialectName }), body: Webhook } },
    async (request) => {
      const { id, dialect } = request.params;
      await sandboxes.require(id);
      const { url } = request.body;
      await sandboxTransaction(core.db, id, (tx) => setWebhookUrl(tx, id, dialect, url));
      return { dialect, url };
    },
  );

  app.get('/sandboxes/:id/deliveries', { schema: { tags: ['deliveries'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    return { deliveries: await core.outbox.list(id) };
  });
  app.post(
    '/sandboxes/:id/deliveries/:deliveryId/retry',
    { schema: { tags: ['deliveries'], params: Type.Object({ id: Type.String(), deliveryId: Type.Integer() }) } },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      await sandboxes.require(id);
      if (!(await core.outbox.retry(id, deliveryId))) throw new NotFoundError(`delivery ${deliveryId} not found in sandbox '${id}'`);
      return reply.code(202).send({ id: deliveryId, status: 'pending' });
    },
  );

  app.get('/sandboxes/:id/faults', { schema: { tags: ['faults'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    return { rules: await core.faults.list(id) };
  });
  app.put('/sandboxes/:id/faults', { schema: { tags: ['faults'], params: SandboxIdParams, body: Faults } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    const { rules } = request.body;
    await core.faults.replace(id, rules);
    return { rules: await core.faults.list(id) };
  });
  app.delete('/sandboxes/:id/faults', { schema: { tags: ['faults'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    await core.faults.replace(id, []);
    return { rules: [] };
  });

  app.post(
    '/sandboxes/:id/fixtures/:dialect',
    { schema: { tags: ['fixtures'], params: Type.Object({ id: Type.String(), dialect: Type.String() }) } },
    async (request, reply) => {
      const { id, dialect: name } = request.params;
      await sandboxes.require(id);
      const dialect = dialectNamed(name);
      if (!dialect.addFixtures) throw new NotFoundError(`dialect '${name}' takes no fixture bundles`);
      const added = await sandboxTransaction(core.db, id, (tx) => dialect.addFixtures!(tx, id, request.body ?? {}));
      return reply.code(201).send(added);
    },
  );
}
