import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, useCliServer } from '../helpers/cli.ts';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Issue 12: `understudy sandbox …` against a running server, and how the CLI fails. */
describe('understudy sandbox …', () => {
  const s = useCliServer();

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('create (--id, --name, --fixtures, --seed), show, list: JSON and table', async () => {
    const created = await s.json(['sandbox', 'create', '--id', 'cli-one', '--name', 'First', '--fixtures', 'empty', '--seed', 'cli-seed']);
    expect(created).toMatchObject({ id: 'cli-one', name: 'First', fixtures: 'empty', seed: 'cli-seed' });
    expect(created.credentials.touchoffice.tak).toMatch(/^[A-Z0-9]+$/);
    const again = await s.json(['sandbox', 'create', '--seed', 'cli-seed', '--fixtures', 'empty']);
    expect(again).toMatchObject({ name: again.id, fixtures: 'empty', seed: 'cli-seed' });
    expect(again.id).toMatch(/^sbx_/);

    const table = await s.run(['sandbox', 'create', '--name', 'Second']);
    expect(table.code).toBe(0);
    const id = /^id\s+(\S+)$/m.exec(table.stdout)![1];
    expect(table.stdout).toMatch(/^name\s+Second$/m);
    expect(table.stdout).toMatch(/^fixtures\s+demo$/m);
    expect(table.stdout).toMatch(/^credentials\.revel\s+apiKey=\S+ apiSecret=\S+$/m);

    const shown = await s.json(['sandbox', 'show', 'cli-one']);
    expect(shown).toEqual(created);
    const showTable = await s.run(['sandbox', 'show', 'cli-one']);
    expect(showTable.stdout).toContain(`credentials.touchoffice  tak=${created.credentials.touchoffice.tak}`);
    expect(showTable.stdout).toMatch(/^seed\s+cli-seed$/m);

    const listed = await s.json(['sandbox', 'list']);
    expect(listed.sandboxes.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['demo', 'cli-one', id, again.id]));
    const listTable = await s.run(['sandbox', 'list']);
    expect(listTable.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+FIXTURES\s+SEED\s+CREATED$/);
    expect(listTable.stdout).toMatch(/^cli-one\s+First\s+empty\s+cli-seed\s+\d{4}-/m);
    expect(listTable.stdout).toMatch(new RegExp(`^${id}\\s+Second\\s+demo\\s+-\\s+`, 'm'));
  });

  it('create with a taken id is refused (409), an invalid id too (400): the message on stderr, exit 1', async () => {
    await s.json(['sandbox', 'create', '--id', 'cli-taken', '--fixtures', 'empty']);
    const taken = await s.run(['sandbox', 'create', '--id', 'cli-taken']);
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toBe("understudy: sandbox 'cli-taken' exists (HTTP 409)\n");
    const bad = await s.run(['sandbox', 'create', '--id', 'no spaces']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/'id'/);
  });

  it('reset puts the data back; rm removes it (then show is a 404, exit 1)', async () => {
    const { id, credentials } = await s.json(['sandbox', 'create']);
    const tak = credentials.touchoffice.tak;
    const created = await fetch(`${s.url()}/touchoffice/vouchers?TAK=${tak}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ number: 'CLIRESET01', type: 1, value: 100 }]),
    });
    expect((await created.json()).status).toBe(1);
    const voucher = async () => (await (await fetch(`${s.url()}/touchoffice/vouchers/CLIRESET01?TAK=${tak}`)).json()).vouchers?.length ?? 0;
    expect(await voucher()).toBe(1);

    expect(await s.json(['sandbox', 'reset', id])).toEqual({ id, reset: true });
    expect(await voucher()).toBe(0);
    const resetTable = await s.run(['sandbox', 'reset', id]);
    expect(resetTable).toMatchObject({ code: 0, stdout: `sandbox ${id} reset\n` });

    const removed = await s.run(['sandbox', 'rm', id]);
    expect(removed).toMatchObject({ code: 0, stdout: `sandbox ${id} removed\n` });
    const gone = await s.run(['sandbox', 'show', id]);
    expect(gone).toMatchObject({ code: 1, stdout: '', stderr: `understudy: sandbox '${id}' not found (HTTP 404)\n` });
    const again = await s.run(['--json', 'sandbox', 'rm', id]);
    expect(again.code).toBe(1);

    const other = await s.json(['sandbox', 'create', '--fixtures', 'empty']);
    expect(await s.json(['sandbox', 'rm', other.id])).toEqual({ id: other.id, removed: true });
    expect((await s.control('GET', `/sandboxes/${other.id}`)).status).toBe(404);
  });

  it('finds the server through UNDERSTUDY_URL; an unreachable one is named, exit 1', async () => {
    const viaEnv = await cli(['sandbox', 'show', 'demo', '--json'], { env: { UNDERSTUDY_URL: s.url() } });
    expect(JSON.parse(viaEnv.stdout).id).toBe('demo');
    const down = await cli(['sandbox', 'list'], { env: { UNDERSTUDY_URL: 'http://127.0.0.1:9' } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^understudy: cannot reach an Understudy server at http:\/\/127\.0\.0\.1:9 \(/);
    // The default URL, when nothing says otherwise.
    const dflt = await cli(['sandbox', 'list', '--url', 'http://127.0.0.1:9']);
    expect(dflt.stderr).toContain('http://127.0.0.1:9');
  });

  it('bad arguments exit 2: an unknown command, a missing argument, an unknown option, a bad --fixtures', async () => {
    const cases = [['sandbox', 'lst'], ['sandbox', 'show'], ['sandbox', 'list', '--nope'], ['sandbox', 'create', '--fixtures', 'full'], ['--url', 'ftp://x', 'sandbox', 'list']];
    const runs = await Promise.all(cases.map((args) => s.run(args)));
    for (const [i, args] of cases.entries()) {
      const r = runs[i];
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toBe('');
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });
});

describe('understudy sandbox … against a server with an admin token', () => {
  const s = useCliServer({ UNDERSTUDY_ADMIN_TOKEN: 'cli-admin-token' });

  it('without the token the 401 message is shown; --token or UNDERSTUDY_ADMIN_TOKEN passes', async () => {
    const refused = await s.run(['sandbox', 'list']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^understudy: .*\(HTTP 401\)\n$/);
    const withFlag = await s.run(['sandbox', 'list', '--json', '--token', 'cli-admin-token']);
    expect(JSON.parse(withFlag.stdout).sandboxes.map((x: { id: string }) => x.id)).toContain('demo');
    const withEnv = await s.run(['sandbox', 'show', 'demo'], { env: { UNDERSTUDY_ADMIN_TOKEN: 'cli-admin-token' } });
    expect(withEnv.stdout).toMatch(/^id\s+demo$/m);
  });
});
