import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DialectDefinition } from '../../src/core/dialect.ts';
import { testApp, useProbeApp, useSandbox } from '../helpers/app.ts';
import { probe } from '../helpers/probe-dialect.ts';

/**
 * Issue 8: core mounts a dialect from its definition and answers everything on its behalf
 * through its protocol (validation, dialect errors, unknown paths, faults, every format); its
 * tables are declared and checked at start; its fixture bundle is a schema core validates.
 */
describe('mounting a dialect (probe dialect)', () => {
  const app = useProbeApp();
  const own = useSandbox(app);
  const headers = () => ({ 'x-probe-key': own.credentials.probe.key, 'x-probe-secret': own.credentials.probe.secret });
  const post = (payload: unknown, query = '') => app.t.call({ method: 'POST', url: `/probe/items${query}`, headers: { ...headers(), 'content-type': 'application/json' }, payload: payload as string });

  it("maps validation, malformed bodies, dialect errors and unknown paths to the protocol's answers", async () => {
    expect(await post({ name: 5 })).toMatchObject({ status: 400, body: { problem: 'bad_request', detail: expect.stringContaining('name') } });
    expect(await post('{"name": ')).toMatchObject({ status: 400, body: { problem: 'bad_request' } });
    expect(await post({ name: 'reject' })).toMatchObject({ status: 422, body: { problem: 'bad_input', detail: 'that name is refused' } });
    expect(await app.t.call({ method: 'GET', url: '/probe/items/nope', headers: headers() })).toMatchObject({ status: 404, body: { problem: 'not_found' } });
    expect(await app.t.call({ method: 'GET', url: '/probe/nowhere', headers: headers() })).toMatchObject({ status: 404, body: { problem: 'no_route', detail: 'GET /nowhere' } });
  });

  it('encodes every answer it gives on the wire the request asked for: a fault, an error, a refusal', async () => {
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/faults`, payload: { rules: [{ path: '/items/*', status: 429 }] } });
    const fault = await app.t.call({ method: 'GET', url: '/probe/items/x?format=text', headers: headers() });
    expect(fault.status).toBe(429);
    expect(fault.text).toBe('text:{"problem":"fault","detail":"injected 429"}');
    const error = await post({ name: 'reject' }, '?format=text');
    expect(error.text).toBe('text:{"problem":"bad_input","detail":"that name is refused"}');
    const refusal = await app.t.call({ method: 'GET', url: '/probe/items?format=text' });
    expect(refusal.text).toBe('text:{"problem":"auth","detail":"missing"}');
  });

  it('validates a fixture bundle against the dialect\'s schema, naming the first bad field; documents it', async () => {
    const bundle = (payload: unknown) => app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/fixtures/probe`, payload: payload as object });
    expect(await bundle({ items: [{ name: 'ok' }, { name: '' }] })).toMatchObject({ status: 400, body: { error: "probe fixture bundle: 'items.1.name' (item name) must NOT have fewer than 1 characters" } });
    expect(await bundle({ items: [{ name: 'ok', colour: 'red' }] })).toMatchObject({ status: 400, body: { error: expect.stringContaining("'items.0.colour'") } });
    expect(await bundle({})).toMatchObject({ status: 400, body: { error: expect.stringContaining("'items'") } });
    const names = async () => (await app.t.call({ method: 'GET', url: '/probe/items', headers: headers() })).body.items.map((i: { name: string }) => i.name);
    expect(await names()).toEqual(['seeded']);
    expect(await bundle({ items: [{ name: 'added' }] })).toMatchObject({ status: 201, body: { items: [{ name: 'added' }] } });
    expect(await names()).toEqual(['seeded', 'added']);
    const doc = (await app.t.call({ method: 'GET', url: '/_understudy/openapi/control.json' })).body;
    const body = doc.paths['/sandboxes/{id}/fixtures/{dialect}'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain('probe fixture bundle');
  });

  it('applies a fixture bundle with the sandbox clock', async () => {
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/clock`, payload: { now: '2032-02-02T02:02:02Z', frozen: true } });
    const res = await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/fixtures/probe`, payload: { items: [{ name: 'dated' }] } });
    expect(res.body.items[0].createdAt).toBe(Date.parse('2032-02-02T02:02:02Z'));
  });
});

describe('declared tables', () => {
  it('refuses to start when a table with a sandbox_id column is not declared by any dialect', async () => {
    const leaky: DialectDefinition<any> = {
      ...probe,
      name: 'leaky',
      prefix: '/leaky',
      tables: {
        tables: { leaky_items: 'data' },
        migrations: {
          'leaky-0001-items': async (db) => {
            await sql`create table leaky_items (sandbox_id text not null, id text not null)`.execute(db);
            await sql`create table leaky_forgotten (sandbox_id text not null, note text)`.execute(db);
          },
        },
      },
    };
    await expect(testApp({ databaseSchema: 'understudy_leaky' }, [leaky])).rejects.toThrow(/sandbox_id column that no dialect declares: leaky_forgotten/);
  });

  it('refuses two dialects of one name, and a table declared twice', async () => {
    await expect(testApp({ databaseSchema: 'understudy_probe' }, [probe, probe])).rejects.toThrow(/registered twice/);
    const twin = { ...probe, name: 'twin', prefix: '/twin' };
    await expect(testApp({ databaseSchema: 'understudy_probe' }, [probe, twin])).rejects.toThrow(/probe_items.*declared twice/);
  });
});
