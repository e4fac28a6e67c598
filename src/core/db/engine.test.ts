import { describe, expect, it } from 'vitest';
import { opaqueParameters } from './engine.ts';

describe('opaqueParameters (SQLite statements)', () => {
  it('puts a unary plus before every bound parameter', () => {
    expect(opaqueParameters('select * from t where a = ? and b in (?, ?) order by c limit ? offset ?')).toBe(
      'select * from t where a = +? and b in (+?, +?) order by c limit +? offset +?',
    );
    expect(opaqueParameters('insert into t (a, b) values (?, ?) returning id')).toBe('insert into t (a, b) values (+?, +?) returning id');
  });

  it('leaves question marks inside strings, identifiers and comments alone', () => {
    expect(opaqueParameters(`select '?', 'it''s ?', "col?" from t -- why?\nwhere a = ?`)).toBe(`select '?', 'it''s ?', "col?" from t -- why?\nwhere a = +?`);
  });

  it('leaves numbered parameters alone', () => {
    expect(opaqueParameters('select ?1, ?2')).toBe('select ?1, ?2');
  });
});
