import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE, testApp } from '../helpers/app.ts';

/**
 * core-0004 (fault_rules.fired) and core-0005 (sandbox_activity) on a database made before them,
 * with data in it: its rules get fired 0 and keep working, its sandboxes start with no activity.
 */
describe('the schema steps for fired and sandbox activity, on an existing database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'understudy-upgrade-'));
  const schema = `understudy_upgrade_${randomBytes(4).toString('hex')}`;
  const overrides = ENGINE === 'sqlite' ? { sqlitePath: join(dir, 'db.sqlite') } : { databaseSchema: schema };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('apply to a database from before them, keeping its rules and sandboxes', async () => {
    const first = await testApp(overrides);
    let id: string;
    let tak: string;
    try {
      const sb = await first.sandbox('demo');
      id = sb.id;
      tak = sb.credentials.touchoffice.tak;
      await first.call({ method: 'PUT', url: `/_understudy/sandboxes/${id}/faults`, payload: { rules: [{ path: '/vouchers/OLD', status: 500, times: 3 }] } });
      // Back to the schema before the two steps: the column and the table gone, the steps not recorded.
      const db = first.core.db;
      await sql`alter table fault_rules drop column fired`.execute(db);
      await sql`drop table sandbox_activity`.execute(db);
      await db.deleteFrom('kysely_migration').where('name', 'in', ['core-0004-fault-rule-fired', 'core-0005-sandbox-activity']).execute();
    } finally {
      // Its journal writes nothing more (the table is gone): nothing was journaled.
      await first.close();
    }

    const second = await testApp(overrides);
    try {
      const names = (await second.core.db.selectFrom('kysely_migration').select('name').execute()).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['core-0004-fault-rule-fired', 'core-0005-sandbox-activity']));
      expect((await second.call({ method: 'GET', url: `/_understudy/sandboxes/${id}/faults` })).body).toEqual({ rules: [{ path: '/vouchers/OLD', status: 500, times: 3, fired: 0 }] });
      expect((await second.call({ method: 'GET', url: `/_understudy/sandboxes/${id}` })).body).toMatchObject({ requestCount: 0, lastRequestAt: null });
      expect((await second.call({ method: 'GET', url: `/touchoffice/vouchers/OLD?TAK=${tak}` })).status).toBe(500);
      await second.core.journal.flush();
      expect((await second.call({ method: 'GET', url: `/_understudy/sandboxes/${id}/faults` })).body.rules[0]).toMatchObject({ times: 2, fired: 1 });
      expect((await second.call({ method: 'GET', url: `/_understudy/sandboxes/${id}` })).body).toMatchObject({ requestCount: 1 });
    } finally {
      if (ENGINE === 'postgres') await sql`drop schema ${sql.id(schema)} cascade`.execute(second.core.db);
      await second.close();
    }
  });
});
