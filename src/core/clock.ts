/**
 * Per-sandbox time. A sandbox's clock is real time plus an offset, or frozen at one instant.
 * Every time rule of a dialect asks `sandboxNow`, never `Date.now()`.
 */
export interface ClockState {
  offsetMs: number;
  frozenMs: number | null;
}

export interface ClockChange {
  now?: string;
  advanceSeconds?: number;
  frozen?: boolean;
}

export function sandboxNow(clock: ClockState, realMs: number = Date.now()): number {
  return clock.frozenMs ?? realMs + clock.offsetMs;
}

// ISO-8601 calendar date, optionally with a time and a zone ('2017-06-01', '2017-06-01T12:00:00.5+02:00').
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Epoch ms of an ISO-8601 date-time, NaN when the text is not one. Stricter than `Date.parse`,
 * which also takes '1' or RFC 2822 dates. A time without a zone is read as UTC, so a sandbox
 * clock never depends on the zone of the machine running Understudy.
 */
export function parseIsoDateTime(text: string): number {
  const m = ISO_8601.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  const utc = d.getTime();
  // Dates roll 2021-02-30 over into March: refuse what does not read back the same.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || d.getUTCHours() !== hour || d.getUTCMinutes() !== minute || d.getUTCSeconds() !== second) {
    return NaN;
  }
  const zone = m[8]?.toUpperCase();
  if (!zone || zone === 'Z') return utc;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const [zoneHours, zoneMinutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || 0)];
  if (zoneHours > 23 || zoneMinutes > 59) return NaN;
  const offsetMinutes = zoneHours * 60 + zoneMinutes;
  return utc - sign * offsetMinutes * 60_000;
}

/** Years 0000–9999: every vendor format Understudy writes (`YYYY-MM-DD HH:MM:SS`) can show them. */
const EARLIEST_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const LATEST_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** Applies a `PUT clock` body: `now` sets the time, then `advanceSeconds` moves it, then `frozen`. */
export function changeClock(clock: ClockState, change: ClockChange, realMs: number = Date.now()): ClockState {
  let target = sandboxNow(clock, realMs);
  if (change.now !== undefined) {
    const parsed = parseIsoDateTime(change.now);
    if (Number.isNaN(parsed)) throw new RangeError(`'now' is not an ISO-8601 date-time: '${change.now}'`);
    target = parsed;
  }
  if (change.advanceSeconds !== undefined) target += Math.round(change.advanceSeconds * 1000);
  // A clock off the calendar would break every time rule of the sandbox: refuse it, keep the old one.
  if (!Number.isFinite(target) || target < EARLIEST_MS || target > LATEST_MS) {
    throw new RangeError('the clock would leave the years 0000-9999');
  }
  const frozen = change.frozen ?? clock.frozenMs !== null;
  return frozen ? { offsetMs: 0, frozenMs: target } : { offsetMs: target - realMs, frozenMs: null };
}

export function describeClock(clock: ClockState, realMs: number = Date.now()): { now: string; frozen: boolean } {
  return { now: new Date(sandboxNow(clock, realMs)).toISOString(), frozen: clock.frozenMs !== null };
}

export const REAL_TIME: ClockState = { offsetMs: 0, frozenMs: null };
