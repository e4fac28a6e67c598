import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers/app.ts';
import { prepared, preparedWrite } from './prepared.ts';

/** Runs on the engine under test: the compiled SQL differs per engine, the results must not. */
describe('prepared queries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    await t.core.db.schema.createTable('prepared_probe').ifNotExists().addColumn('k', 'text').addColumn('n', 'integer').execute();
    await t.core.db.deleteFrom('prepared_probe').execute();
    await t.core.db.insertInto('prepared_probe').values([{ k: 'a', n: 1 }, { k: 'b', n: 2 }, { k: 'c', n: 3 }]).execute();
  });
  afterAll(() => t.close());

  const between = prepared((db, low: number, high: number) =>
    db.selectFrom('prepared_probe').select(['k', 'n']).where('n', '>=', low).where('n', '<=', high).where('k', '!=', 'zzz').orderBy('n'),
  );

  it('binds each call its own arguments, keeping the query constants', async () => {
    expect(await between(t.core.db, 1, 2)).toEqual([{ k: 'a', n: 1 }, { k: 'b', n: 2 }]);
    expect(await between(t.core.db, 2, 3)).toEqual([{ k: 'b', n: 2 }, { k: 'c', n: 3 }]);
    expect(await between(t.core.db, 5, 9)).toEqual([]);
  });

  it('binds an argument used twice in both places, inside a transaction too', async () => {
    const bump = preparedWrite((db, by: number, k: string) =>
      db.updateTable('prepared_probe').set((eb) => ({ n: eb('n', '+', by) })).where('k', '=', k).where((w) => w('n', '+', by), '<', 100),
    );
    await t.core.db.transaction().execute(async (tx) => {
      expect(await bump(tx, 10, 'a')).toBe(1);
      expect(await bump(tx, 99, 'b')).toBe(0); // 2 + 99 is not below 100
    });
    expect(await between(t.core.db, 0, 100)).toEqual([{ k: 'b', n: 2 }, { k: 'c', n: 3 }, { k: 'a', n: 11 }]);
  });

  it('refuses a builder that leaves an argument unbound', async () => {
    const broken = prepared((db, k: string, _unused: string) => db.selectFrom('prepared_probe').selectAll().where('k', '=', k));
    await expect(broken(t.core.db, 'a', 'b')).rejects.toThrow(/does not bind each of its 2 arguments/);
  });
});
