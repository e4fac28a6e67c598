import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useCliServer } from '../helpers/cli.ts';
import { Receiver, until } from '../helpers/receiver.ts';

const DIR = mkdtempSync(join(tmpdir(), 'understudy-cli-state-'));

/** Issue 12: snapshot, clock, faults, webhook and deliveries commands against a running server. */
describe('understudy snapshot | clock | faults | webhook | deliveries', () => {
  // Retries a minute apart: the only second attempt within a test is the one `--retry` asks for.
  const s = useCliServer({ UNDERSTUDY_DELIVERY_BACKOFF_MS: '60000', UNDERSTUDY_DELIVERY_POLL_MS: '50' });
  const receiver = new Receiver();
  let hook: string;
  beforeAll(async () => {
    hook = await receiver.listen();
  });
  afterAll(() => receiver.close());

  const sandbox = async () => (await s.json(['sandbox', 'create'])) as { id: string; credentials: any };
  const addVoucher = async (tak: string, number: string) => {
    const res = await fetch(`${s.url()}/touchoffice/vouchers?TAK=${tak}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ number, type: 1, value: 100 }]) });
    return res.status;
  };
  const vouchersNamed = async (tak: string, number: string) => (await (await fetch(`${s.url()}/touchoffice/vouchers/${number}?TAK=${tak}`)).json()).vouchers?.length ?? 0;

  it('snapshot save, list, restore', async () => {
    const { id, credentials } = await sandbox();
    const tak = credentials.touchoffice.tak;
    const saved = await s.json(['snapshot', 'save', id, 'before']);
    expect(saved).toMatchObject({ name: 'before', rows: expect.any(Number), createdAt: expect.any(String) });
    const table = await s.run(['snapshot', 'save', id, 'second']);
    expect(table.stdout).toMatch(/^snapshot\s+second$/m);
    expect(table.stdout).toMatch(new RegExp(`^sandbox\\s+${id}$`, 'm'));
    expect(table.stdout).toMatch(/^rows\s+\d+$/m);

    expect(await addVoucher(tak, 'CLISNAP01')).toBe(200);
    expect(await vouchersNamed(tak, 'CLISNAP01')).toBe(1);

    const listed = await s.json(['snapshot', 'list', id]);
    expect(listed.snapshots.map((x: { name: string }) => x.name)).toEqual(['before', 'second']);
    const listTable = await s.run(['snapshot', 'list', id]);
    expect(listTable.stdout).toMatch(/^NAME\s+CREATED\nbefore\s+\d{4}-.*\nsecond\s+\d{4}-/);

    expect(await s.json(['snapshot', 'restore', id, 'before'])).toEqual({ id, restored: 'before' });
    expect(await vouchersNamed(tak, 'CLISNAP01')).toBe(0);
    const restoreTable = await s.run(['snapshot', 'restore', id, 'second']);
    expect(restoreTable.stdout).toBe(`sandbox ${id} restored to snapshot second\n`);
    const missing = await s.run(['snapshot', 'restore', id, 'nope']);
    expect(missing).toMatchObject({ code: 1, stderr: `understudy: snapshot 'nope' not found in sandbox '${id}' (HTTP 404)\n` });
    const empty = await s.run(['snapshot', 'list', (await sandbox()).id]);
    expect(empty.stdout).toBe('(no snapshots)\n');
  });

  it('clock show, set (--freeze), advance (seconds and durations), real', async () => {
    const { id } = await sandbox();
    const shown = await s.json(['clock', 'show', id]);
    expect(shown.frozen).toBe(false);
    expect(Math.abs(Date.parse(shown.now) - Date.now())).toBeLessThan(60_000);
    expect((await s.run(['clock', 'show', id])).stdout).toMatch(/^now\s+\d{4}-\d\d-\d\dT.*\nfrozen\s+no\n$/);

    expect(await s.json(['clock', 'set', id, '2030-01-01T00:00:00Z', '--freeze'])).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: true });
    expect(await s.json(['clock', 'advance', id, '3600'])).toEqual({ now: '2030-01-01T01:00:00.000Z', frozen: true });
    expect(await s.json(['clock', 'advance', id, '1h30m'])).toEqual({ now: '2030-01-01T02:30:00.000Z', frozen: true });
    const days = await s.run(['clock', 'advance', id, '2d']);
    expect(days.stdout).toBe('now     2030-01-03T02:30:00.000Z\nfrozen  yes\n');
    expect(await s.json(['clock', 'advance', id, '--', '-30m'])).toEqual({ now: '2030-01-03T02:00:00.000Z', frozen: true });

    const running = await s.json(['clock', 'set', id, '2031-06-01T12:00:00Z']);
    expect(running.frozen).toBe(false);
    expect(running.now.startsWith('2031-06-01T12:00')).toBe(true);

    const real = await s.json(['clock', 'real', id]);
    expect(real.frozen).toBe(false);
    expect(Math.abs(Date.parse(real.now) - Date.now())).toBeLessThan(60_000);
    expect((await s.run(['clock', 'real', id])).stdout).toMatch(/^now\s+\S+\nfrozen\s+no\n$/);

    const [badDuration, badTime] = await Promise.all([s.run(['clock', 'advance', id, '3 weeks']), s.run(['clock', 'set', id, 'tomorrow'])]);
    expect(badDuration.code).toBe(2);
    expect(badDuration.stderr).toMatch(/duration/);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(/'tomorrow' is not an ISO-8601 time/);
  });

  it('faults set from a file ({"rules"} or an array) and from stdin, show, clear', async () => {
    const { id, credentials } = await sandbox();
    const tak = credentials.touchoffice.tak;
    const file = join(DIR, 'faults.json');
    writeFileSync(file, JSON.stringify({ rules: [{ dialect: 'touchoffice', method: 'GET', path: '/vouchers*', status: 503, times: 5 }] }));
    const set = await s.json(['faults', 'set', id, file]);
    expect(set.rules).toEqual([{ dialect: 'touchoffice', method: 'GET', path: '/vouchers*', status: 503, times: 5, fired: 0 }]);
    expect((await fetch(`${s.url()}/touchoffice/vouchers/ANY?TAK=${tak}`)).status).toBe(503);

    const arrayFile = join(DIR, 'faults-array.json');
    writeFileSync(arrayFile, JSON.stringify([{ dialect: 'revel', path: '/resources/*', status: 500 }, { delayMs: 5 }]));
    const table = await s.run(['faults', 'set', id, arrayFile]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^#\s+DIALECT\s+METHOD\s+PATH\s+STATUS/);
    expect(table.stdout).toMatch(/^1\s+revel\s+\*\s+\/resources\/\*\s+500\b/m);
    expect(table.stdout).toMatch(/^2\s+\*\s+\*\s+\*\s+-\s+5\b/m);

    const fromStdin = await s.json(['faults', 'set', id, '-'], { input: JSON.stringify([{ dialect: 'touchoffice', status: 418 }]) });
    expect(fromStdin.rules).toEqual([{ dialect: 'touchoffice', status: 418, fired: 0 }]);
    expect((await s.json(['faults', 'show', id])).rules).toEqual([{ dialect: 'touchoffice', status: 418, fired: 0 }]);
    expect((await s.run(['faults', 'show', id])).stdout).toMatch(/^1\s+touchoffice\s+\*\s+\*\s+418\b/m);
    expect((await fetch(`${s.url()}/touchoffice/vouchers/ANY?TAK=${tak}`)).status).toBe(418);
    // FIRED: how many times each rule has fired.
    expect((await s.run(['faults', 'show', id])).stdout).toMatch(/^#\s+DIALECT\s+METHOD\s+PATH\s+STATUS\s+DELAY MS\s+PROBABILITY\s+TIMES\s+FIRED\s+BODY$/m);
    expect((await s.json(['faults', 'show', id])).rules).toEqual([{ dialect: 'touchoffice', status: 418, fired: 1 }]);
    expect((await s.run(['faults', 'show', id])).stdout).toMatch(/^1\s+touchoffice\s+\*\s+\*\s+418\s+-\s+-\s+-\s+1\s+-$/m);

    expect(await s.json(['faults', 'clear', id])).toEqual({ rules: [] });
    expect((await s.run(['faults', 'clear', id])).stdout).toBe(`fault rules of sandbox ${id} cleared\n`);
    expect((await s.run(['faults', 'show', id])).stdout).toBe('(no fault rules)\n');
    expect((await fetch(`${s.url()}/touchoffice/vouchers/ANY?TAK=${tak}`)).status).toBe(200);

    // Bad files are bad arguments (2); a rule the server refuses is its 400 (1).
    writeFileSync(join(DIR, 'not-json.json'), '{rules');
    writeFileSync(join(DIR, 'no-rules.json'), '{"rule": []}');
    writeFileSync(join(DIR, 'bad-rule.json'), '[{"status": 42}]');
    const [notJson, noRules, missing, badRule] = await Promise.all([
      s.run(['faults', 'set', id, join(DIR, 'not-json.json')]),
      s.run(['faults', 'set', id, join(DIR, 'no-rules.json')]),
      s.run(['faults', 'set', id, join(DIR, 'absent.json')]),
      s.run(['faults', 'set', id, join(DIR, 'bad-rule.json')]),
    ]);
    expect(notJson).toMatchObject({ code: 2, stderr: expect.stringContaining('not-json.json is not JSON') });
    expect(noRules).toMatchObject({ code: 2, stderr: expect.stringContaining('{"rules": [...]} or an array of rules') });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('ENOENT') });
    expect(badRule.code).toBe(1);
    expect(badRule.stderr).toMatch(/status.*\(HTTP 400\)/);
    expect((await s.json(['faults', 'show', id])).rules).toEqual([]);
  });

  it('webhook set, list, rm; deliveries lists them, --retry attempts one again; a failed delivery is logged at warn with its URL and reason', async () => {
    const { id, credentials } = await sandbox();
    expect(await s.json(['webhook', 'set', id, 'comeback', hook])).toEqual({ dialect: 'comeback', url: hook });
    expect((await s.run(['webhook', 'set', id, 'revel', `${hook}/revel`])).stdout).toBe(`revel webhooks of sandbox ${id} go to ${hook}/revel\n`);
    expect((await s.json(['webhook', 'list', id])).webhooks).toEqual({ comeback: hook, revel: `${hook}/revel` });
    expect((await s.run(['webhook', 'list', id])).stdout).toMatch(new RegExp(`^comeback\\s+${hook}$`, 'm'));
    expect((await s.run(['webhook', 'rm', id, 'revel'])).stdout).toBe(`revel webhooks of sandbox ${id} stopped\n`);
    expect(await s.json(['webhook', 'rm', id, 'revel'])).toEqual({ id, dialect: 'revel', removed: true });
    expect((await s.json(['webhook', 'list', id])).webhooks).toEqual({ comeback: hook });
    const unknown = await s.run(['webhook', 'set', id, 'nodialect', hook]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/dialect.*\(HTTP 400\)/);

    expect((await s.run(['deliveries', id])).stdout).toBe('(no deliveries)\n');
    receiver.failures = 1;
    const customer = await fetch(`${s.url()}/comeback/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: credentials.comeback.token },
      body: JSON.stringify({ name: 'Cli', phoneNumber: '+34600000042' }),
    });
    expect(customer.status).toBe(201);
    const failed = await until('a failed first attempt', async () => {
      const d = (await s.json(['deliveries', id])).deliveries[0];
      return d?.attempts === 1 ? d : undefined;
    });
    expect(failed).toMatchObject({ dialect: 'comeback', event: 'customer:created', url: hook, status: 'pending', lastStatusCode: 500, lastError: 'HTTP 500' });
    const table = await s.run(['deliveries', id]);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+DIALECT\s+EVENT\s+STATUS\s+ATTEMPTS\s+LAST\s+NEXT\s+URL$/);
    expect(table.stdout).toMatch(new RegExp(`^${failed.id}\\s+comeback\\s+customer:created\\s+pending\\s+1\\s+HTTP 500\\s+\\d{4}-\\S+\\s+${hook}$`, 'm'));

    // The server's log (JSON, as its stdout is not a terminal): the receiver's URL and why it failed.
    const warn = await eventually('the warn line', () =>
      s
        .server()
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .find((l) => l.delivery === failed.id && l.sandbox === id),
    );
    expect(warn).toMatchObject({ level: 40, url: hook, reason: 'HTTP 500', statusCode: 500, attempt: 1, event: 'customer:created' });
    expect(warn.msg).toContain(`webhook delivery to ${hook} failed: HTTP 500`);

    expect(await s.json(['deliveries', id, '--retry', String(failed.id)])).toEqual({ id: failed.id, status: 'pending' });
    const delivered = await until('the retried delivery', async () => {
      const d = (await s.json(['deliveries', id])).deliveries[0];
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(delivered.attempts).toBe(2);
    expect(receiver.received.map((r) => r.body.type)).toEqual(['customer:created']);
    const again = await s.run(['deliveries', id, '--retry', String(failed.id)]);
    expect(again.stdout).toBe(`delivery ${failed.id} queued for another attempt (pending)\n`);
    const missing = await s.run(['deliveries', id, '--retry', '999999']);
    expect(missing).toMatchObject({ code: 1, stderr: `understudy: delivery 999999 not found in sandbox '${id}' (HTTP 404)\n` });
    const notANumber = await s.run(['deliveries', id, '--retry', 'abc']);
    expect(notANumber.code).toBe(2);
  });
});
