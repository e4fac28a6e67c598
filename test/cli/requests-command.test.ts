import { describe, expect, it } from 'vitest';
import { eventually, spawnCli, useCliServer } from '../helpers/cli.ts';

/** Issue 12: `understudy requests ID`, and `--follow`: a live tail on the journal's `since` cursor. */
describe('understudy requests', () => {
  const s = useCliServer();

  const sandbox = async () => (await s.json(['sandbox', 'create'])) as { id: string; credentials: any };
  const voucher = (tak: string, number: string) => fetch(`${s.url()}/touchoffice/vouchers/${number}?TAK=${tak}`).then((r) => r.status);
  const revelProduct = (c: { apiKey: string; apiSecret: string }) =>
    fetch(`${s.url()}/revel/resources/Product/?limit=1`, { headers: { 'API-AUTHENTICATION': `${c.apiKey}:${c.apiSecret}` } }).then((r) => r.status);

  it('lists the journal: JSON as the server answers it (newest first), the table oldest first; --dialect and --limit', async () => {
    const { id, credentials } = await sandbox();
    const tak = credentials.touchoffice.tak;
    expect(await voucher(tak, 'CLIREQ0001')).toBe(200);
    expect(await revelProduct(credentials.revel)).toBe(200);
    expect(await voucher(tak, 'CLIREQ0002')).toBe(200);

    const answer = await s.json(['requests', id]);
    expect(answer.shed).toBe(0);
    expect(answer.requests.map((r: { dialect: string; path: string }) => [r.dialect, r.path])).toEqual([
      ['touchoffice', '/vouchers/CLIREQ0002'],
      ['revel', '/resources/Product/'],
      ['touchoffice', '/vouchers/CLIREQ0001'],
    ]);
    const [first, , last] = [...answer.requests].reverse();

    const table = await s.run(['requests', id]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+AT\s+DIALECT\s+METHOD\s+PATH\s+STATUS\s+MS$/);
    expect(lines[1]).toMatch(new RegExp(`^${first.id}\\s+${first.at}\\s+touchoffice\\s+GET\\s+/vouchers/CLIREQ0001\\s+200\\s+[\\d.]+$`));
    expect(lines[2]).toMatch(/\brevel\s+GET\s+\/resources\/Product\/\s+200\b/);
    expect(lines[3]).toMatch(new RegExp(`^${last.id}\\s.*/vouchers/CLIREQ0002\\s+200\\b`));
    expect(lines).toHaveLength(4);

    const onlyRevel = await s.json(['requests', id, '--dialect', 'revel']);
    expect(onlyRevel.requests.map((r: { path: string }) => r.path)).toEqual(['/resources/Product/']);
    // The journal's filters: method in any case, a status class or code, a path substring.
    expect((await s.json(['requests', id, '--method', 'get', '--path', 'clireq'])).requests.map((r: { path: string }) => r.path)).toEqual(['/vouchers/CLIREQ0002', '/vouchers/CLIREQ0001']);
    expect((await s.json(['requests', id, '--status', '2xx', '--dialect', 'touchoffice', '--limit', '1'])).requests.map((r: { path: string }) => r.path)).toEqual(['/vouchers/CLIREQ0002']);
    expect((await s.json(['requests', id, '--status', '404'])).requests).toEqual([]);
    expect((await s.run(['requests', id, '--status', 'bad'])).code).toBe(1);
    const newest = await s.run(['requests', id, '--limit', '1']);
    expect(newest.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(newest.stdout).toContain('/vouchers/CLIREQ0002');

    expect((await s.run(['requests', (await sandbox()).id])).stdout).toBe('(no requests)\n');
    const [badLimit, missing] = await Promise.all([s.run(['requests', id, '--limit', '0']), s.run(['requests', 'no-such-sandbox'])]);
    expect(badLimit.code).toBe(2);
    expect(missing).toMatchObject({ code: 1, stderr: "understudy: sandbox 'no-such-sandbox' not found (HTTP 404)\n" });
  });

  it('--follow prints the newest entries, then each new one oldest first, until SIGINT (exit 0)', async () => {
    const { id, credentials } = await sandbox();
    const tak = credentials.touchoffice.tak;
    expect(await voucher(tak, 'CLIFOL0001')).toBe(200);
    expect(await voucher(tak, 'CLIFOL0002')).toBe(200);

    const tail = spawnCli(['--url', s.url(), 'requests', id, '--follow', '--limit', '1']);
    await eventually('the newest entry', () => tail.stdout().includes('CLIFOL0002'));
    expect(tail.stdout()).not.toContain('CLIFOL0001');
    expect(tail.stdout().split('\n')[0]).toMatch(/^ID\s+AT\s+DIALECT/);

    // Several at once, and one after a pause: every one is printed, once, in order.
    for (const n of ['CLIFOL0003', 'CLIFOL0004', 'CLIFOL0005']) expect(await voucher(tak, n)).toBe(200);
    await eventually('three new entries', () => tail.stdout().includes('CLIFOL0005'));
    await new Promise((r) => setTimeout(r, 400));
    expect(await revelProduct(credentials.revel)).toBe(200);
    await eventually('the revel entry', () => tail.stdout().includes('/resources/Product/'));

    tail.proc.kill('SIGINT');
    const end = await tail.exited;
    expect(end.code).toBe(0);
    const paths = end.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[4]);
    expect(paths).toEqual(['/vouchers/CLIFOL0002', '/vouchers/CLIFOL0003', '/vouchers/CLIFOL0004', '/vouchers/CLIFOL0005', '/resources/Product/']);
    const ids = end.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(/\s+/)[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('--follow --json prints one entry a line; --dialect filters the tail', async () => {
    const { id, credentials } = await sandbox();
    const tak = credentials.touchoffice.tak;
    const tail = spawnCli(['--url', s.url(), '--json', 'requests', id, '-f', '--dialect', 'touchoffice']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await revelProduct(credentials.revel)).toBe(200);
    expect(await voucher(tak, 'CLIJSON001')).toBe(200);
    expect(await voucher(tak, 'CLIJSON002')).toBe(200);
    await eventually('two touchoffice entries', () => tail.stdout().includes('CLIJSON002'));
    tail.proc.kill('SIGINT');
    const end = await tail.exited;
    expect(end.code).toBe(0);
    const entries = end.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.dialect, e.method, e.path, e.status])).toEqual([
      ['touchoffice', 'GET', '/vouchers/CLIJSON001', 200],
      ['touchoffice', 'GET', '/vouchers/CLIJSON002', 200],
    ]);
    expect(entries[0].query).toEqual({ TAK: '[REDACTED]' });
  });

  it('--follow against a server that cannot be reached: exit 1 with a clear message', async () => {
    const other = spawnCli(['--url', 'http://127.0.0.1:9', 'requests', 'demo', '--follow']);
    const end = await other.exited;
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(/cannot reach an Understudy server at http:\/\/127\.0\.0\.1:9/);
  });
});
