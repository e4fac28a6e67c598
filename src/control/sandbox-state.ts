import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ClockChange as ClockChangeBody } from '../core/clock.ts';
import type { DialectPluginOptions } from '../core/dialect.ts';
import type { FaultRule } from '../core/faults.ts';
import { listWebhooks, setWebhookUrl } from '../core/outbox/store.ts';
import { NotFoundError } from '../core/sandboxes/service.ts';
import { sandboxTransaction } from '../core/sandboxes/transaction.ts';
import { Clock, ClockChange, DialectName, Faults, SandboxIdParams, Webhook } from './schemas.ts';

type IdParams = { id: string };

/** Per-sandbox state that is not vendor data: clock, journal, webhooks, deliveries, faults, fixtures. */
export async function sandboxStateRoutes(app: FastifyInstance, { core }: DialectPluginOptions): Promise<void> {
  const { sandboxes } = core;
  const dialectNamed = (name: string) => {
    const d = core.dialects.find((x) => x.name === name);
    if (!d) throw new NotFoundError(`dialect '${name}' is not served (served: ${core.dialects.map((x) => x.name).join(', ')})`);
    return d;
  };

  app.get('/sandboxes/:id/clock', { schema: { tags: ['clock'], params: SandboxIdParams, response: { 200: Clock } } }, async (request) =>
    sandboxes.clock((request.params as IdParams).id),
  );
  app.put(
    '/sandboxes/:id/clock',
    { schema: { tags: ['clock'], params: SandboxIdParams, body: ClockChange, response: { 200: Clock } } },
    async (request) => sandboxes.setClock((request.params as IdParams).id, request.body as ClockChangeBody),
  );
  app.delete('/sandboxes/:id/clock', { schema: { tags: ['clock'], params: SandboxIdParams, response: { 200: Clock } } }, async (request) =>
    sandboxes.setClock((request.params as IdParams).id, null),
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
      const { id } = request.params as IdParams;
      await sandboxes.require(id);
      const { dialect, limit } = request.query as { dialect?: string; limit?: number };
      return { requests: await core.journal.list(id, { dialect, limit }) };
    },
  );

  app.get('/sandboxes/:id/webhooks', { schema: { tags: ['webhooks'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params as IdParams;
    await sandboxes.require(id);
    return { webhooks: await listWebhooks(core.db, id) };
  });
  app.put(
    '/sandboxes/:id/webhooks/:dialect',
    { schema: { tags: ['webhooks'], params: Type.Object({ id: Type.String(), dialect: DialectName }), body: Webhook } },
    async (request) => {
      const { id, dialect } = request.params as IdParams & { dialect: string };
      await sandboxes.require(id);
      const { url } = request.body as { url: string };
      await sandboxTransaction(core.db, id, (tx) => setWebhookUrl(tx, id, dialect, url));
      return { dialect, url };
    },
  );

  app.get('/sandboxes/:id/deliveries', { schema: { tags: ['deliveries'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params as IdParams;
    await sandboxes.require(id);
    return { deliveries: await core.outbox.list(id) };
  });
  app.post(
    '/sandboxes/:id/deliveries/:deliveryId/retry',
    { schema: { tags: ['deliveries'], params: Type.Object({ id: Type.String(), deliveryId: Type.Integer() }) } },
    async (request, reply) => {
      const { id, deliveryId } = request.params as IdParams & { deliveryId: number };
      await sandboxes.require(id);
      if (!(await core.outbox.retry(id, deliveryId))) throw new NotFoundError(`delivery ${deliveryId} not found in sandbox '${id}'`);
      return reply.code(202).send({ id: deliveryId, status: 'pending' });
    },
  );

  app.get('/sandboxes/:id/faults', { schema: { tags: ['faults'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params as IdParams;
    await sandboxes.require(id);
    return { rules: await core.faults.list(id) };
  });
  app.put('/sandboxes/:id/faults', { schema: { tags: ['faults'], params: SandboxIdParams, body: Faults } }, async (request) => {
    const { id } = request.params as IdParams;
    await sandboxes.require(id);
    const { rules } = request.body as { rules: FaultRule[] };
    await core.faults.replace(id, rules);
    return { rules: await core.faults.list(id) };
  });
  app.delete('/sandboxes/:id/faults', { schema: { tags: ['faults'], params: SandboxIdParams } }, async (request) => {
    const { id } = request.params as IdParams;
    await sandboxes.require(id);
    await core.faults.replace(id, []);
    return { rules: [] };
  });

  app.post(
    '/sandboxes/:id/fixtures/:dialect',
    { schema: { tags: ['fixtures'], params: Type.Object({ id: Type.String(), dialect: Type.String() }) } },
    async (request, reply) => {
      const { id, dialect: name } = request.params as IdParams & { dialect: string };
      await sandboxes.require(id);
      const dialect = dialectNamed(name);
      if (!dialect.addFixtures) throw new NotFoundError(`dialect '${name}' takes no fixture bundles`);
      const added = await sandboxTransaction(core.db, id, (tx) => dialect.addFixtures!(tx, id, request.body ?? {}));
      return reply.code(201).send(added);
    },
  );
}
