import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Type, type Static } from 'typebox';
import { checkBundle } from '../control/bundles.ts';
import type { DialectDefinition } from '../core/dialect.ts';
import { FixtureError } from '../core/dialect.ts';
import { SANDBOX_ID_PATTERN } from '../core/sandboxes/service.ts';
import type { BuiltApp } from '../main.ts';

/**
 * `serve --fixtures FILE`: sandboxes created at start when missing, like WireMock's root folder.
 * `{"sandboxes": [{"id"?, "name"?, "fixtures"?, "seed"?, "bundles"?: {"<dialect>": <bundle>}}]}`.
 */
const Entry = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: SANDBOX_ID_PATTERN.source })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    fixtures: Type.Optional(Type.Enum(['demo', 'empty'])),
    seed: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    bundles: Type.Optional(Type.Record(Type.String(), Type.Object({}))),
  },
  { additionalProperties: false },
);
const FixturesFile = Type.Object({ sandboxes: Type.Array(Entry) }, { additionalProperties: false });
export type FixturesFile = Static<typeof FixturesFile>;

/** A fixtures file that cannot be used: the message names the file and its first bad field. */
export class FixturesFileError extends Error {}

const validateFile = new Ajv({ strict: false, allErrors: false }).compile(FixturesFile);

/** `sandboxes[1].bundles.revel` from the JSON pointer `/sandboxes/1/bundles/revel`. */
function fieldOf(pointer: string, extra?: string): string {
  const parts = [...pointer.split('/').slice(1), ...(extra ? [extra] : [])];
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** Reads and checks the whole file (every bundle against its dialect's schema) before anything is created. */
export function readFixturesFile(file: string, dialects: DialectDefinition<any>[]): FixturesFile {
  const fail = (why: string) => new FixturesFileError(`fixtures file ${file}: ${why}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail(`is not JSON (${(err as Error).message})`);
  }
  if (!validateFile(value)) {
    const e = validateFile.errors![0];
    const p = e.params as { missingProperty?: string; additionalProperty?: string };
    const field = fieldOf(e.instancePath, p.missingProperty ?? p.additionalProperty) || 'the file';
    throw fail(`${field} ${p.additionalProperty ? 'is not a field of a fixtures file' : p.missingProperty ? 'is required' : e.message}`);
  }
  const spec = value as FixturesFile;
  const seen = new Set<string>();
  spec.sandboxes.forEach((s, i) => {
    if (s.id === undefined && s.name === undefined) throw fail(`sandboxes[${i}] needs an id or a name (how a later start knows it exists)`);
    const key = s.id !== undefined ? `id ${s.id}` : `name ${s.name}`;
    if (seen.has(key)) throw fail(`sandboxes[${i}] repeats the ${key}`);
    seen.add(key);
    for (const [name, bundle] of Object.entries(s.bundles ?? {})) {
      const field = `sandboxes[${i}].bundles.${name}`;
      const dialect = dialects.find((d) => d.name === name);
      if (!dialect?.fixtures.bundle) {
        const takers = dialects.filter((d) => d.fixtures.bundle).map((d) => d.name);
        throw fail(`${field}: no dialect '${name}' takes fixture bundles (${takers.join(', ')} do)`);
      }
      try {
        checkBundle(name, dialect.fixtures.bundle.schema, bundle);
      } catch (err) {
        if (err instanceof FixtureError) throw fail(`${field}: ${err.message}`);
        throw err;
      }
    }
  });
  return spec;
}

export interface FixturesApplied {
  created: string[];
  kept: string[];
}

/**
 * Creates each sandbox of the file that does not exist (by id, else by name) through the control
 * API in-process, then adds its bundles. A sandbox whose bundle the server refuses is removed
 * again and the refusal is a FixturesFileError; the ones before it stay.
 */
export async function applyFixturesFile({ app }: BuiltApp, file: string, spec: FixturesFile, adminToken?: string): Promise<FixturesApplied> {
  const headers = adminToken ? { authorization: `Bearer ${adminToken}` } : {};
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await app.inject({ method, url: `/_understudy${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const body = res.body ? JSON.parse(res.body) : undefined;
    return { status: res.statusCode, body, error: (body as { error?: string } | undefined)?.error ?? `HTTP ${res.statusCode}` };
  };
  const existing = await call('GET', '/sandboxes');
  if (existing.status !== 200) throw new Error(`listing the sandboxes failed: ${existing.error}`);
  const ids = new Set<string>(existing.body.sandboxes.map((s: { id: string }) => s.id));
  const names = new Set<string>(existing.body.sandboxes.map((s: { name: string }) => s.name));
  const applied: FixturesApplied = { created: [], kept: [] };
  for (const [i, s] of spec.sandboxes.entries()) {
    const present = s.id !== undefined ? ids.has(s.id) : names.has(s.name!);
    if (present) {
      applied.kept.push(s.id ?? s.name!);
      continue;
    }
    const { bundles, ...create } = s;
    const made = await call('POST', '/sandboxes', create);
    if (made.status !== 201) {
      const e = new (made.status < 500 ? FixturesFileError : Error)(`fixtures file ${file}: sandboxes[${i}]: ${made.error}`);
      throw e;
    }
    const id: string = made.body.id;
    for (const [dialect, bundle] of Object.entries(bundles ?? {})) {
      const added = await call('POST', `/sandboxes/${encodeURIComponent(id)}/fixtures/${dialect}`, bundle);
      if (added.status !== 201) {
        await call('DELETE', `/sandboxes/${encodeURIComponent(id)}`);
        throw new (added.status < 500 ? FixturesFileError : Error)(`fixtures file ${file}: sandboxes[${i}].bundles.${dialect}: ${added.error}`);
      }
    }
    applied.created.push(id);
  }
  return applied;
}
