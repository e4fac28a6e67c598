import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Conformance, ConformanceAnswer } from '../../src/core/conformance.ts';
import { DIALECTS } from '../../src/dialects/index.ts';
import { useTestApp } from '../helpers/app.ts';

/**
 * Issue 11: a seeded fuzz test over every operation of every served OpenAPI document. Each case
 * is one request over real HTTP with malformed, wrong-typed, deep, huge, odd-string or odd-number
 * input, and own, absent, wrong or another sandbox's credentials. Every answer must come (no reset
 * connection), be below 500, be in the dialect's documented error shape when it is a failure, and
 * a failure must change nothing in either sandbox; a success may change only the sandbox whose
 * credentials it carried. FUZZ_SEED and FUZZ_RUNS (cases per operation) change the run;
 * FUZZ_REPORT=1 prints the figures.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const REPORT = process.env.FUZZ_REPORT === '1';

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyProps: string[];
  hasBody: boolean;
}

type Creds = 'own' | 'none' | 'wrong' | 'other';
interface Case {
  params: string[];
  query: Array<[string, string]>;
  body: { text: string; type: string } | null;
  creds: Creds;
}

const ODD_STRINGS = [
  '',
  ' ',
  '%ZZ',
  '%ED%A0%80',
  '%00',
  '..%2F..%2Fetc',
  'a'.repeat(3000),
  '\u0001\u0002',
  '😀',
  '<x>&amp;',
  "' OR 1=1 --",
  '{"a":1}',
  'null',
  'true',
  '__proto__',
  'constructor',
];
const ODD_NUMBERS = ['-1', '0', '1e308', '-0', '0x1F', 'NaN', 'Infinity', '9'.repeat(40), '1.5', '2147483648', '9007199254740993'];
/** Values the demo fixtures have (ids, numbers, uuids of every dialect): so some cases reach real objects. */
const KNOWN = ['1', '2', '9', '13', '919', '103192', '125', 'ABCDEF123', 'XMSNWVPZRG', '123456', '33f9dc36-5e99-4044-8e2e-9b22c403c5f7', '10000000-5555-0000-0000-000000000001', 'demo'];

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const oddString = fc.oneof(fc.constantFrom(...ODD_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const oddNumber = fc.constantFrom(...ODD_NUMBERS);
const pathValue = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KNOWN) }, { weight: 2, arbitrary: oddString }, { weight: 1, arbitrary: oddNumber });
/** A path segment as a client may send it: encoded, or raw (the odd percent-encodings above stay as they are). */
const segment = (v: string) => (/^%|%[0-9A-Z]{2}/.test(v) ? v : encodeURIComponent(v));

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0.5, 2 ** 53 + 2, '', ' ', [], {}, [[]], { '': null }, 'x'.repeat(5000)),
  oddString,
  fc.jsonValue({ maxDepth: 3 }),
);

function bodyArb(op: Operation): fc.Arbitrary<Case['body']> {
  const json = (v: unknown) => ({ text: JSON.stringify(v), type: 'application/json' });
  const fromSchema = op.bodyProps.length
    ? fc.dictionary(fc.constantFrom(...op.bodyProps), oddValue, { minKeys: 1, maxKeys: Math.min(6, op.bodyProps.length) }).map(json)
    : fc.constant(json({}));
  return fc.oneof(
    { weight: 4, arbitrary: fromSchema },
    { weight: 1, arbitrary: fc.array(fromSchema.map((b) => JSON.parse(b.text)), { maxLength: 3 }).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 2, arbitrary: fc.constantFrom('{', '{"a":', '[1,]', 'nul', '\u0000', '{"a":1}}', "{'a':1}", '').map((text) => ({ text, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom(deep(100), deep(5000), `${'['.repeat(20000)}${']'.repeat(20000)}`).map((text) => ({ text, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom(3 * 1024 * 1024, 200 * 1024).map((n) => ({ text: JSON.stringify({ name: 'x'.repeat(n) }), type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x').map((type) => ({ text: 'a=1&b=<x/>', type })) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function caseArb(op: Operation): fc.Arbitrary<Case> {
  const query = fc.array(
    fc.tuple(fc.constantFrom(...(op.queryParams.length ? op.queryParams : ['q']), 'format', 'limit', 'offset'), fc.oneof(pathValue, fc.constant('xml'))),
    { maxLength: 3 },
  );
  return fc.record({
    params: fc.array(pathValue, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
    query,
    body: op.hasBody ? bodyArb(op) : fc.constant(null),
    creds: fc.constantFrom<Creds>('own', 'own', 'own', 'none', 'wrong', 'other'),
  });
}

function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const props = new Set<string>(Object.keys(schema?.properties ?? schema?.items?.properties ?? {}));
      for (const alt of schema?.anyOf ?? schema?.oneOf ?? []) for (const k of Object.keys(alt?.properties ?? alt?.items?.properties ?? {})) props.add(k);
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProps: [...props],
        hasBody: method !== 'get' && method !== 'delete',
      });
    }
  }
  return ops;
}

/** Whether a failed answer is one of the vendor's documented error shapes (the dialect's conformance says which). */
const vendorShaped = (c: Conformance, a: ConformanceAnswer) => c.isError(a) || c.isRejection(a) || !!c.isOtherError?.(a) || !!c.formats?.some((f) => f.is(a));
const failed = (c: Conformance, a: ConformanceAnswer) => (c.isFailure ? c.isFailure(a) : a.status >= 400);

/** One request over real HTTP, the answer as the conformance checks read it. */
async function exchange(url: string, init: RequestInit): Promise<ConformanceAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), text, body };
}

describe('fuzz: every operation of every OpenAPI document', () => {
  const app = useTestApp({}, { listen: true });
  const totals = { requests: 0, failures: 0, successes: 0, findings: 0 };

  let sandboxes: Array<{ id: string; credentials: Record<string, Record<string, string>> }> = [];
  beforeAll(async () => {
    sandboxes = [await app.t.sandbox('demo'), await app.t.sandbox('demo')];
  });

  /** A digest of every row of a sandbox (the journal and its request count aside: every request is journaled): what "nothing changed" compares. */
  async function fingerprint(sandboxId: string): Promise<string> {
    const tables = Object.keys(app.t.core.tables).filter((t) => t !== 'requests' && t !== 'sandbox_activity').sort();
    const parts = await Promise.all(
      tables.map(async (t) => {
        const rows = await app.t.core.db.selectFrom(t).selectAll().where('sandbox_id', '=', sandboxId).execute();
        return `${t}:${rows.map((r) => JSON.stringify(r)).sort().join('\n')}`;
      }),
    );
    return createHash('sha1').update(parts.join('\u0001')).digest('hex');
  }

  for (const def of DIALECTS.filter((d) => d.routes)) {
    it(`${def.name}: no 5xx, no reset, the vendor's error shape, nothing changed by a failure`, async () => {
      const { conformance } = (await import(`../../src/dialects/${def.name}/conformance.ts`)) as { conformance: Conformance };
      const doc = (await app.t.call({ method: 'GET', url: `/_understudy/openapi/${def.name}.json` })).body;
      const ops = operationsOf(doc);
      expect(ops.length).toBeGreaterThan(0);
      const [own, other] = sandboxes;
      const call = (req: { method: string; path: string; headers?: Record<string, string>; body?: unknown }) =>
        exchange(`${app.url}${def.prefix}${req.path}`, { method: req.method, headers: req.headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) });
      const scheme = def.auth.default;
      const present = async (creds: Record<string, string>) =>
        conformance.authenticate ? conformance.authenticate(creds, (r) => call({ ...r, headers: { 'content-type': 'application/json', ...(r.headers ?? {}) } })) : (scheme.present?.(creds) ?? {});
      const wrongOf = (creds: Record<string, string>) => Object.fromEntries(Object.entries(creds).map(([k, v]) => [k, `${v}-nope`]));
      const presented: Record<Creds, { headers?: Record<string, string>; query?: Record<string, string> }> = {
        own: await present(own.credentials[def.name]),
        other: await present(other.credentials[def.name]),
        wrong: scheme.present?.(wrongOf(own.credentials[def.name])) ?? {},
        none: {},
      };
      const findings: string[] = [];
      let print = { own: await fingerprint(own.id), other: await fingerprint(other.id) };
      let n = 0;
      for (const [i, op] of ops.entries()) {
        const cases = fc.sample(caseArb(op), { seed: SEED + i * 7919 + def.name.length, numRuns: RUNS });
        for (const c of cases) {
          n++;
          let path = op.path;
          op.pathParams.forEach((p, k) => (path = path.replace(`{${p}}`, segment(c.params[k]))));
          const p = presented[c.creds];
          const query = [...c.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`), ...Object.entries(p.query ?? {}).map(([k, v]) => `${k}=${encodeURIComponent(v)}`)];
          const url = `${app.url}${def.prefix}${path}${query.length ? `?${query.join('&')}` : ''}`;
          const label = `${op.method} ${path.slice(0, 120)}${query.length ? `?${query.join('&').slice(0, 120)}` : ''} [${c.creds}${c.body ? `, ${c.body.type}, ${c.body.text.length} chars: ${c.body.text.slice(0, 60)}` : ''}]`;
          let answer: ConformanceAnswer;
          try {
            answer = await exchange(url, { method: op.method, headers: { ...(p.headers ?? {}), ...(c.body ? { 'content-type': c.body.type } : {}) }, body: c.body ? c.body.text : undefined });
          } catch (err) {
            findings.push(`${label}: no answer (${(err as Error).message}; ${String((err as { cause?: Error }).cause?.message ?? '')})`);
            continue;
          }
          if (answer.status >= 500) findings.push(`${label}: ${answer.status} ${answer.text.slice(0, 200)}`);
          const bad = failed(conformance, answer);
          if (bad && !vendorShaped(conformance, answer)) findings.push(`${label}: ${answer.status} not in the vendor's error shape: ${answer.text.slice(0, 200)}`);
          const now = { own: await fingerprint(own.id), other: await fingerprint(other.id) };
          const mayChange = bad ? null : c.creds === 'own' ? 'own' : c.creds === 'other' ? 'other' : null;
          for (const which of ['own', 'other'] as const) {
            if (now[which] !== print[which] && mayChange !== which) findings.push(`${label}: ${answer.status}, and the ${which === 'own' ? 'sandbox of the path' : 'other sandbox'} changed: ${answer.text.slice(0, 200)}`);
          }
          print = now;
          totals.requests++;
          if (bad) totals.failures++;
          else totals.successes++;
        }
      }
      totals.findings += findings.length;
      if (REPORT) console.info(`fuzz ${def.name}: ${ops.length} operations, ${n} requests, ${findings.length} findings`);
      expect(findings).toEqual([]);
    }, 120_000);
  }

  it('report', () => {
    if (REPORT) console.info(`fuzz total (seed ${SEED}, ${RUNS} per operation): ${JSON.stringify(totals)}`);
    expect(totals.requests).toBeGreaterThan(0);
  });
});
