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

/** Applies a `PUT clock` body: `now` sets the time, then `advanceSeconds` moves it, then `frozen`. */
export function changeClock(clock: ClockState, change: ClockChange, realMs: number = Date.now()): ClockState {
  let target = sandboxNow(clock, realMs);
  if (change.now !== undefined) {
    const parsed = Date.parse(change.now);
    if (Number.isNaN(parsed)) throw new RangeError(`'now' is not an ISO-8601 date-time: '${change.now}'`);
    target = parsed;
  }
  if (change.advanceSeconds !== undefined) target += Math.round(change.advanceSeconds * 1000);
  const frozen = change.frozen ?? clock.frozenMs !== null;
  return frozen ? { offsetMs: 0, frozenMs: target } : { offsetMs: target - realMs, frozenMs: null };
}

export function describeClock(clock: ClockState, realMs: number = Date.now()): { now: string; frozen: boolean } {
  return { now: new Date(sandboxNow(clock, realMs)).toISOString(), frozen: clock.frozenMs !== null };
}

export const REAL_TIME: ClockState = { offsetMs: 0, frozenMs: null };
