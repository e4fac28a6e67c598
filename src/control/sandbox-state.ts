import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ControlOptions } from './index.ts';
import { deleteWebhookUrl, listWebhooks, setWebhookUrl } from '../core/outbox/store.ts';
import { NotFoundError } from '../core/sandboxes/service.ts';
import { sandboxTransaction } from '../core/sandboxes/transaction.ts';
import { clockOf } from '../core/sandboxes/store.ts';
import { checkBundle } from './bundles.ts';
import { Clock, ClockChange, DeliveryList, dialectNameSchema, faultListSchema, faultsSchema, FixturesAdded, JournalAnswer, NoContent, RequestsQuery, RetryAnswer, SandboxIdParams, TimerList, TimersRun, Webhook, WebhookList, WebhookSet } from './schemas.ts';

/** Per-sandbox state that is not vendor data: clock, journal, webhooks, deliveries, faults, fixtures. */
export async function sandboxStateRoutes(fastify: FastifyInstance, { core }: ControlOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sandboxes } = core;
  const names = core.dialects.map((d) => d.name);
  const DialectName = dialectNameSchema(names);
  const Faults = faultsSchema(names);
  const FaultList = faultListSchema(names);
  const Webhooks = WebhookList(names);
  const WebhookAnswer = WebhookSet(names);
  // A clock that moved may have brought timers due: the scheduler looks at once.
  const moved = <T>(clock: T): T => {
    core.scheduler.wake();
    return clock;
  };
  const dialectNamed = (name: string) => {
    const d = core.dialects.find((x) => x.name === name);
    if (!d) throw new NotFoundError(`dialect '${name}' is not served (served: ${core.dialects.map((x) => x.name).join(', ')})`);
    return d;
  };

  app.get('/sandboxes/:id/clock', { schema: { tags: ['clock'], summary: 'The sandbox clock', params: SandboxIdParams, response: { 200: Clock } } }, async (request) =>
    sandboxes.clock(request.params.id),
  );
  app.put(
    '/sandboxes/:id/clock',
    { schema: { tags: ['clock'], summary: 'Sets the sandbox clock: now, then advanceSeconds, then frozen', params: SandboxIdParams, body: ClockChange, response: { 200: Clock } } },
    async (request) => moved(await sandboxes.setClock(request.params.id, request.body)),
  );
  app.delete('/sandboxes/:id/clock', { schema: { tags: ['clock'], summary: 'The sandbox clock is real time again', params: SandboxIdParams, response: { 200: Clock } } }, async (request) =>
    moved(await sandboxes.setClock(request.params.id, null)),
  );

  app.get(
    '/sandboxes/:id/requests',
    {
      schema: {
        tags: ['journal'],
        summary: 'The request journal, newest first (filtered, paged back with before=)',
        params: SandboxIdParams,
        querystring: RequestsQuery,
        response: { 200: JournalAnswer },
      },
    },
    async (request) => {
      const { id } = request.params;
      await sandboxes.require(id);
      const { dialect, method, status, path, limit, since, before } = request.query;
      const page = await core.journal.list(id, { dialect, method, status, path, limit, since, before });
      // `shed`: entries of this sandbox the journal dropped unwritten because it could not keep up.
      return { requests: page.requests, shed: core.journal.shedOf(id), more: page.more };
    },
  );

  app.get('/sandboxes/:id/webhooks', { schema: { tags: ['webhooks'], summary: "Where each dialect's webhooks go", params: SandboxIdParams, response: { 200: Webhooks } } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    return { webhooks: await listWebhooks(core.db, id) };
  });
  app.put(
    '/sandboxes/:id/webhooks/:dialect',
    { schema: { tags: ['webhooks'], summary: "Sets where the dialect's webhooks go", params: Type.Object({ id: Type.String(), dialect: DialectName }), body: Webhook, response: { 200: WebhookAnswer } } },
    async (request) => {
      const { id, dialect } = request.params;
      await sandboxes.require(id);
      const { url } = request.body;
      await sandboxTransaction(core.db, id, (tx) => setWebhookUrl(tx, id, dialect, url));
      return { dialect, url };
    },
  );
  app.delete(
    '/sandboxes/:id/webhooks/:dialect',
    { schema: { tags: ['webhooks'], summary: "Stops the dialect's webhooks (deliveries already queued still go)", params: Type.Object({ id: Type.String(), dialect: DialectName }), response: { 204: NoContent } } },
    async (request, reply) => {
      const { id, dialect } = request.params;
      await sandboxes.require(id);
      await sandboxTransaction(core.db, id, (tx) => deleteWebhookUrl(tx, id, dialect));
      return reply.code(204).send();
    },
  );

  app.get('/sandboxes/:id/deliveries', { schema: { tags: ['deliveries'], summary: 'Outgoing webhooks and callbacks with every attempt', params: SandboxIdParams, response: { 200: DeliveryList } } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    return { deliveries: await core.outbox.list(id) };
  });
  app.post(
    '/sandboxes/:id/deliveries/:deliveryId/retry',
    { schema: { tags: ['deliveries'], summary: 'One more attempt of a delivery, now', params: Type.Object({ id: Type.String(), deliveryId: Type.Integer() }), response: { 202: RetryAnswer } } },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      await sandboxes.require(id);
      if (!(await core.outbox.retry(id, deliveryId))) throw new NotFoundError(`delivery ${deliveryId} not found in sandbox '${id}'`);
      return reply.code(202).send({ id: deliveryId, status: 'pending' });
    },
  );

  app.get('/sandboxes/:id/faults', { schema: { tags: ['faults'], summary: 'The fault rules, in the order they are tried, with how often each has fired', params: SandboxIdParams, response: { 200: FaultList } } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    return { rules: await core.faults.list(id) };
  });
  app.put(
    '/sandboxes/:id/faults',
    { schema: { tags: ['faults'], summary: 'Replaces the fault rules (a rule the same as one before, but for times, keeps its fired count)', params: SandboxIdParams, body: Faults, response: { 200: FaultList } } },
    async (request) => {
      const { id } = request.params;
      await sandboxes.require(id);
      const { rules } = request.body;
      await core.faults.replace(id, rules);
      return { rules: await core.faults.list(id) };
    },
  );
  app.delete('/sandboxes/:id/faults', { schema: { tags: ['faults'], summary: 'Removes every fault rule', params: SandboxIdParams, response: { 200: FaultList } } }, async (request) => {
    const { id } = request.params;
    await sandboxes.require(id);
    await core.faults.replace(id, []);
    return { rules: [] };
  });

  // Each dialect's bundle is a schema of its own: documented here as one of them, and validated
  // by core against the bundle of the dialect named in the path (an error names the first bad field).
  const bundles = core.dialects.filter((d) => d.fixtures.bundle);
  app.post(
    '/sandboxes/:id/fixtures/:dialect',
    {
      schema: {
        tags: ['fixtures'],
        summary: 'Adds records the vendor API cannot create, in the fixture bundle of the dialect named in the path',
        params: Type.Object({ id: Type.String({ maxLength: 100 }), dialect: Type.String() }),
        body: { anyOf: bundles.map((d) => ({ ...d.fixtures.bundle!.schema, title: `${d.name} fixture bundle` })) } as never,
        response: { 201: FixturesAdded },
      },
      // Validated below, against the one bundle the path names.
      validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? () => true : undefined) as never,
    },
    async (request, reply) => {
      const { id, dialect: name } = request.params;
      const context = await sandboxes.context(id);
      const dialect = dialectNamed(name);
      const bundle = dialect.fixtures.bundle;
      if (!bundle) throw new NotFoundError(`dialect '${name}' takes no fixture bundles`);
      const body = checkBundle(name, bundle.schema, request.body ?? {});
      const scope = core.scopes.create({ dialect: dialect.name, sandbox: context, stream: null });
      const added = await scope.tx((tx) => bundle.add(scope, tx, body));
      return reply.code(201).send(added as Record<string, unknown>);
    },
  );

  app.get(
    '/sandboxes/:id/timers',
    { schema: { tags: ['timers'], summary: "The sandbox's pending timers, by its clock", params: SandboxIdParams, response: { 200: TimerList } } },
    async (request) => {
      const row = await sandboxes.require(request.params.id);
      return { timers: await core.scheduler.list(row.id, clockOf(row)) };
    },
  );
  app.post(
    '/sandboxes/:id/timers/run',
    { schema: { tags: ['timers'], summary: 'Runs every timer that is due by the sandbox clock, now', params: SandboxIdParams, response: { 200: TimersRun } } },
    async (request) => {
      const row = await sandboxes.require(request.params.id);
      return { ran: await core.scheduler.runDue(row.id) };
    },
  );
}
