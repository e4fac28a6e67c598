import { Validator } from '@seriousme/openapi-schema-validator';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Conformance, ConformanceAnswer, ConformanceRequest } from '../../src/core/conformance.ts';
import type { DialectDefinition } from '../../src/core/dialect.ts';
import { findByCredential } from '../../src/core/sandboxes/store.ts';
import { useTestApp, type TestApp } from './app.ts';

/**
 * The conformance suite (issue 8): what every dialect must do through the contract, checked for
 * one dialect. Each test file that calls this runs it on the engine under test (both in CI).
 * `overrides` pick the app: the dialects it serves (all of them by default) and its PostgreSQL schema.
 */
export function describeConformance(def: DialectDefinition<any>, conformance: Conformance, app: { readonly t: TestApp } = useTestApp()): void {
  describe(`${def.name}: the dialect contract`, () => {
    const scheme = def.auth.default;
    const credentialsOf = (sb: { credentials: Record<string, Record<string, string>> }) => sb.credentials[def.name];

    type Presentation = { headers?: Record<string, string>; query?: Record<string, string> };
    /** What a client sends for these credentials (a dialect whose clients take a token first says how). */
    const presentationOf = async (creds: Record<string, string> | null): Promise<Presentation> =>
      !creds ? {} : conformance.authenticate ? conformance.authenticate(creds, (r) => send(r, null)) : scheme.present ? scheme.present(creds) : {};
    /** A request as a client of the dialect sends it, with the sandbox's credentials presented by the default scheme (or altered ones, or none). */
    async function send(req: ConformanceRequest, creds: Record<string, string> | null, extraQuery?: string): Promise<ConformanceAnswer> {
      return sendAs(req, await presentationOf(creds), extraQuery);
    }
    function sendAs(req: ConformanceRequest, presented: Presentation, extraQuery?: string): Promise<ConformanceAnswer> {
      const query = new URLSearchParams(presented.query ?? {}).toString();
      const glue = (url: string, q: string) => (q ? `${url}${url.includes('?') ? '&' : '?'}${q}` : url);
      const url = glue(glue(`${def.prefix}${req.path}`, query), extraQuery ?? '');
      const opts: InjectOptions = { method: req.method, url, headers: { ...(req.headers ?? {}), ...(presented.headers ?? {}) } };
      if (req.body !== undefined) opts.payload = req.body as object;
      return app.t.call(opts);
    }
    const unknownOf = (creds: Record<string, string>) => Object.fromEntries(Object.entries(creds).map(([k, v]) => [k, `${v}-nope`]));

    /** Rows of the sandbox in every table that has a `sandbox_id` column, by table. */
    async function rowsOf(sandboxId: string, scope?: 'data'): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const [table, s] of Object.entries(app.t.core.tables)) {
        if (scope && s !== scope) continue;
        const rows = await app.t.core.db.selectFrom(table).select('sandbox_id').where('sandbox_id', '=', sandboxId).execute();
        if (rows.length) out[table] = rows.length;
      }
      return out;
    }

    it('serves its read and its write with the demo credentials', async () => {
      const sb = await app.t.sandbox('demo');
      const read = await send(conformance.read, credentialsOf(sb));
      expect(read.status, read.text).toBeLessThan(300);
      const write = await send(conformance.write, credentialsOf(sb));
      expect(write.status, write.text).toBeLessThan(300);
    });

    it("refuses a missing and an unknown credential in the vendor's shape, for a read and a write", async () => {
      const sb = await app.t.sandbox('demo');
      for (const req of [conformance.read, conformance.write]) {
        for (const creds of [null, unknownOf(credentialsOf(sb))]) {
          const res = await send(req, creds);
          expect(conformance.isRejection(res), `${req.method} ${req.path} with ${creds ? 'unknown' : 'no'} credentials: ${res.status} ${res.text}`).toBe(true);
        }
      }
    });

    it("answers a fault without a body in the vendor's error shape, with the rule's status, in every format", async () => {
      const sb = await app.t.sandbox('demo');
      // Authenticated before the rule is set: the rule would answer a token request too.
      const presented = await presentationOf(credentialsOf(sb));
      const rule = { dialect: def.name, status: 503 };
      expect((await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/faults`, payload: { rules: [rule] } })).status).toBe(200);
      const plain = await sendAs(conformance.read, presented);
      expect(plain.status).toBe(503);
      expect(conformance.isError(plain), plain.text).toBe(true);
      for (const format of conformance.formats ?? []) {
        const res = await sendAs(conformance.read, presented, format.query);
        expect(res.status).toBe(503);
        expect(format.is(res), `${format.query}: ${res.text}`).toBe(true);
      }
    });

    it('keeps every credential of the sandbox and every token it issued out of the journal', async () => {
      const sb = await app.t.sandbox('demo');
      await send(conformance.read, credentialsOf(sb));
      await send(conformance.write, credentialsOf(sb));
      await send(conformance.read, unknownOf(credentialsOf(sb)));
      const journal = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/requests` })).text;
      const secrets = [
        ...Object.values(credentialsOf(sb)).filter((v) => v.length >= 4),
        ...(await app.t.core.tokens.valuesOf(app.t.core.db, sb.id)),
      ];
      for (const secret of secrets) expect(journal.includes(secret), `the journal holds '${secret}'`).toBe(false);
      expect(JSON.parse(journal).requests.length).toBeGreaterThanOrEqual(2);
    });

    it('answers a write for a sandbox deleted after its credential was checked as an unknown credential, and stores nothing', async () => {
      const { core } = app.t;
      const sb = await app.t.sandbox('demo');
      // The credential as the default scheme reads it off a request that presents it.
      const shown = scheme.present!(credentialsOf(sb));
      const headers = Object.fromEntries(Object.entries(shown.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const presented = scheme.extract!({ headers, query: shown.query ?? {}, body: undefined } as never);
      expect(presented && 'key' in presented).toBe(true);
      const { kind, key } = presented as { kind: string; key: string };
      const match = await findByCredential(core.db, def.name, kind, key);
      expect(match?.sandbox.id).toBe(sb.id);
      expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${sb.id}` })).status).toBe(204);
      // On SQLite the credential's sandbox is cached in the process: put the stale entry back, as
      // a request that resolved it just before the DELETE would hold it (on PostgreSQL nothing is
      // cached, so the credential itself is unknown now).
      core.sandboxContexts.set(def.name, kind, key, match!);
      const res = await send(conformance.write, credentialsOf(sb));
      expect(conformance.isRejection(res), `${res.status} ${res.text}`).toBe(true);
      await core.journal.flush();
      expect(await rowsOf(sb.id)).toEqual({});
    });

    it("restore, reset and delete leave exactly the sandbox's rows they should, in every table", async () => {
      const fresh = await rowsOf((await app.t.sandbox('demo')).id, 'data');
      const sb = await app.t.sandbox('demo');
      const control = `/_understudy/sandboxes/${sb.id}`;
      expect((await send(conformance.write, credentialsOf(sb))).status).toBeLessThan(300);
      const atSnapshot = await rowsOf(sb.id, 'data');
      expect((await app.t.call({ method: 'POST', url: `${control}/snapshots`, payload: { name: 'after-write' } })).status).toBe(201);
      await send({ ...conformance.write, body: conformance.write.body }, credentialsOf(sb));
      expect((await app.t.call({ method: 'POST', url: `${control}/snapshots/after-write/restore` })).status).toBe(200);
      expect(await rowsOf(sb.id, 'data')).toEqual(atSnapshot);
      expect((await app.t.call({ method: 'POST', url: `${control}/reset` })).status).toBe(200);
      expect(await rowsOf(sb.id, 'data')).toEqual(fresh);
      expect((await app.t.call({ method: 'DELETE', url: control })).status).toBe(204);
      await app.t.core.journal.flush();
      expect(await rowsOf(sb.id)).toEqual({});
    });

    it('serves a valid OpenAPI 3.1 document', async () => {
      const res = await app.t.call({ method: 'GET', url: `/_understudy/openapi/${def.name}.json` });
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      expect(Object.keys(res.body.paths).length).toBeGreaterThan(0);
      const result = await new Validator().validate(res.body);
      expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
      expect(result.valid).toBe(true);
    });
  });
}
