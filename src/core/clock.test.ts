import { describe, expect, it } from 'vitest';
import { changeClock, describeClock, REAL_TIME, sandboxNow } from './clock.ts';

const REAL = Date.parse('2026-01-01T00:00:00.000Z');

describe('sandbox clock', () => {
  it('follows real time by default', () => {
    expect(sandboxNow(REAL_TIME, REAL)).toBe(REAL);
    expect(describeClock(REAL_TIME, REAL)).toEqual({ now: '2026-01-01T00:00:00.000Z', frozen: false });
  });

  it('sets a time that keeps running', () => {
    const c = changeClock(REAL_TIME, { now: '2017-06-01T12:00:00Z' }, REAL);
    expect(sandboxNow(c, REAL)).toBe(Date.parse('2017-06-01T12:00:00Z'));
    expect(sandboxNow(c, REAL + 5000)).toBe(Date.parse('2017-06-01T12:00:05Z'));
  });

  it('freezes, advances while frozen, and unfreezes where it stood', () => {
    const frozen = changeClock(REAL_TIME, { now: '2020-02-02T00:00:00Z', frozen: true }, REAL);
    expect(sandboxNow(frozen, REAL + 60_000)).toBe(Date.parse('2020-02-02T00:00:00Z'));
    const moved = changeClock(frozen, { advanceSeconds: 3600 }, REAL + 60_000);
    expect(describeClock(moved, REAL + 99_000)).toEqual({ now: '2020-02-02T01:00:00.000Z', frozen: true });
    const running = changeClock(moved, { frozen: false }, REAL + 100_000);
    expect(sandboxNow(running, REAL + 101_000)).toBe(Date.parse('2020-02-02T01:00:01Z'));
  });

  it('refuses a date that is not ISO-8601', () => {
    expect(() => changeClock(REAL_TIME, { now: 'yesterday' })).toThrow(RangeError);
  });
});
