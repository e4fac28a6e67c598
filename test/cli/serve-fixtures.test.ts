import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/cli.ts';
import { freshDatabase, useServeProcesses } from '../helpers/process.ts';

const DIR = mkdtempSync(join(tmpdir(), 'understudy-fixtures-file-'));
let n = 0;
const fileWith = (content: unknown): string => {
  const file = join(DIR, `fixtures-${++n}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

const GOOD = {
  sandboxes: [
    { id: 'fx-one', name: 'One', fixtures: 'empty', seed: 'fx-seed', bundles: { comeback: { locations: [{ id: 'fx-loc', name: 'FX LOCATION' }] } } },
    { name: 'fx-by-name' },
    { id: 'demo' },
  ],
};

/** Issue 12: `understudy serve --fixtures FILE` creates the sandboxes of FILE that are missing, at start. */
describe('understudy serve --fixtures', () => {
  const start = useServeProcesses();

  const control = async (url: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${url}/_understudy${path}`, init);
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  };
  const locations = async (url: string, token: string) => (await (await fetch(`${url}/comeback/v1/locations`, { headers: { authorization: token } })).json()) as Array<{ id: string; name: string }>;

  it('creates what is missing (by id, else by name), with its bundles; a later start leaves them as they are', async () => {
    const db = await freshDatabase();
    const file = fileWith(GOOD);
    const first = await start(['--port', '0', ...db.args, '--fixtures', file], db.env);
    expect(first.url).not.toBe('');
    const { body } = await control(first.url, '/sandboxes');
    const one = body.sandboxes.find((s: { id: string }) => s.id === 'fx-one');
    expect(one).toMatchObject({ id: 'fx-one', name: 'One', fixtures: 'empty', seed: 'fx-seed' });
    const byName = body.sandboxes.filter((s: { name: string }) => s.name === 'fx-by-name');
    expect(byName).toHaveLength(1);
    expect(byName[0]).toMatchObject({ fixtures: 'demo' });
    expect(body.sandboxes.map((s: { id: string }) => s.id).sort()).toEqual(['demo', 'fx-one', byName[0].id].sort());
    expect((await locations(first.url, one.credentials.comeback.token)).map((l) => [l.id, l.name])).toEqual([['fx-loc', 'FX LOCATION']]);

    // Changed since: a renamed location, a reset of the demo data would show if they were recreated.
    const changed = await control(first.url, '/sandboxes/fx-one/fixtures/comeback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locations: [{ id: 'fx-loc', name: 'RENAMED' }] }),
    });
    expect(changed.status).toBe(201);
    first.proc.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = await start(['--port', '0', ...db.args, '--fixtures', file], db.env);
    const after = (await control(second.url, '/sandboxes')).body.sandboxes;
    expect(after.map((s: { id: string }) => s.id).sort()).toEqual(['demo', 'fx-one', byName[0].id].sort());
    const oneAgain = after.find((s: { id: string }) => s.id === 'fx-one');
    expect(oneAgain.credentials).toEqual(one.credentials);
    expect(oneAgain.createdAt).toBe(one.createdAt);
    expect((await locations(second.url, one.credentials.comeback.token)).map((l) => l.name)).toEqual(['RENAMED']);
  });

  it('refuses a bad file at start (exit 2), naming the file and the first bad field, before the database is touched', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{"sandboxes": [', /is not JSON/],
      [{ sandbox: [] }, /: sandboxes is required/],
      [{ sandboxes: [], extra: 1 }, /: extra is not a field of a fixtures file/],
      [{ sandboxes: [{ id: 'a', bundle: {} }] }, /: sandboxes\[0\]\.bundle is not a field of a fixtures file/],
      [{ sandboxes: [{ id: 'ok' }, { id: 'x', fixtures: 'full' }] }, /: sandboxes\[1\]\.fixtures must be equal to one of the allowed values/],
      [{ sandboxes: [{ id: 'has space' }] }, /: sandboxes\[0\]\.id must match pattern/],
      [{ sandboxes: [{ fixtures: 'empty' }] }, /: sandboxes\[0\] needs an id or a name/],
      [{ sandboxes: [{ id: 'a' }, { id: 'a' }] }, /: sandboxes\[1\] repeats the id a/],
      [{ sandboxes: [{ id: 'a', bundles: { nodialect: {} } }] }, /: sandboxes\[0\]\.bundles\.nodialect: no dialect 'nodialect' takes fixture bundles/],
      [{ sandboxes: [{ id: 'a', bundles: { comeback: { locations: [{ id: 'l' }] } } }] }, /: sandboxes\[0\]\.bundles\.comeback: comeback fixture bundle: 'locations\.0\.name'/],
      [{ sandboxes: [{ id: 'a', bundles: { comeback: { shops: [] } } }] }, /: sandboxes\[0\]\.bundles\.comeback: comeback fixture bundle: 'shops' is not a field/],
    ];
    const db = await freshDatabase();
    const runs = await Promise.all(
      cases.map(async ([content]) => {
        const file = fileWith(content);
        const p = await start(['--port', '0', ...db.args, '--fixtures', file], db.env);
        return { file, p, end: await p.exited };
      }),
    );
    for (const [i, { file, p, end }] of runs.entries()) {
      expect(end.code, String(cases[i][0])).toBe(2);
      expect(p.url).toBe('');
      expect(p.stderr()).toContain(`understudy: fixtures file ${file}`);
      expect(p.stderr()).toMatch(cases[i][1]);
    }
    const missing = await start(['--port', '0', ...db.args, '--fixtures', join(DIR, 'absent.json')], db.env);
    expect((await missing.exited).code).toBe(2);
    expect(missing.stderr()).toMatch(/fixtures file .*absent\.json: cannot be read \(ENOENT\)/);

    // Nothing was created: the database is still new (the demo sandbox comes with the first start).
    const clean = await start(['--port', '0', ...db.args], db.env);
    expect((await control(clean.url, '/sandboxes')).body.sandboxes.map((s: { id: string }) => s.id)).toEqual(['demo']);
  });

  it('a bundle the server refuses stops the start (exit 2) and leaves no half-made sandbox; with an admin token it loads', async () => {
    const db = await freshDatabase();
    const env = { ...db.env, UNDERSTUDY_ADMIN_TOKEN: 'fx-admin' };
    const bad = fileWith({
      sandboxes: [{ id: 'fx-fine' }, { id: 'fx-broken', fixtures: 'empty', bundles: { comeback: { locations: [{ name: 'L', organizationId: 'no-such-org' }] } } }],
    });
    const refused = await start(['--port', '0', ...db.args, '--fixtures', bad], env);
    expect((await refused.exited).code).toBe(2);
    expect(refused.stdout()).not.toMatch(/listening on/);
    expect(refused.stderr()).toMatch(/fixtures file .*: sandboxes\[1\]\.bundles\.comeback: .*organization no-such-org not found/);

    const good = fileWith({ sandboxes: [{ id: 'fx-broken', fixtures: 'empty', bundles: { comeback: { locations: [{ id: 'ok-loc', name: 'OK' }] } } }] });
    const p = await start(['--port', '0', ...db.args, '--fixtures', good], env);
    const auth = { authorization: 'Bearer fx-admin' };
    const ids = (await control(p.url, '/sandboxes', { headers: auth })).body.sandboxes.map((s: { id: string }) => s.id);
    // The entry before the refused one stays; the refused one was removed and made again now.
    expect(ids.sort()).toEqual(['demo', 'fx-broken', 'fx-fine']);
    const broken = (await control(p.url, '/sandboxes/fx-broken', { headers: auth })).body;
    expect((await locations(p.url, broken.credentials.comeback.token)).map((l) => l.id)).toEqual(['ok-loc']);
  });
});

/** Issue 12: logs read by a person are pretty; a failed webhook delivery is a warning naming the receiver and why. */
describe('understudy serve logs', () => {
  const start = useServeProcesses();

  it('LOG_FORMAT=pretty (what a terminal gets): the failed delivery as a readable WARN line', async () => {
    const db = await freshDatabase();
    const p = await start(['--port', '0', ...db.args], { ...db.env, LOG_FORMAT: 'pretty', UNDERSTUDY_DELIVERY_POLL_MS: '50' });
    const set = await fetch(`${p.url}/_understudy/sandboxes/demo/webhooks/comeback`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:1/hook' }) });
    expect(set.status).toBe(200);
    const created = await fetch(`${p.url}/comeback/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'demo-comeback-token' },
      body: JSON.stringify({ name: 'Pretty', phoneNumber: '+34600000077' }),
    });
    expect(created.status).toBe(201);
    const line = await eventually('the WARN line', () => p.stdout().split('\n').find((l) => l.includes('WARN')));
    // Port 1 is one fetch refuses to call: the reason says so.
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: webhook delivery to http:\/\/127\.0\.0\.1:1\/hook failed: bad port \(attempt 1 of 8, next at \S+\)$/);
    expect(p.stdout()).toMatch(/^\s+url: "http:\/\/127\.0\.0\.1:1\/hook"$/m);
    expect(p.stdout()).not.toMatch(/^\{"level"/m);
  });

  it('LOG_FORMAT must be auto, pretty or json', async () => {
    const p = await start(['--port', '0', '--db', ':memory:'], { LOG_FORMAT: 'fancy' });
    expect((await p.exited).code).toBe(2);
    expect(p.stderr()).toMatch(/LOG_FORMAT must be auto, pretty or json, got 'fancy'/);
  });
});
