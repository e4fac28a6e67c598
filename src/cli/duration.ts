import { InvalidArgumentError } from 'commander';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `3600`, `90s`, `15m`, `1h`, `2d`, `1h30m` (and a leading `-` to go back) as seconds. */
export function durationSeconds(value: string): number {
  const m = /^(-?)((?:\d+(?:\.\d+)?[smhd])+|\d+(?:\.\d+)?)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`a duration is seconds (3600) or a number with s, m, h or d (90s, 15m, 1h, 2d, 1h30m); got '${value}'`);
  const [, sign, body] = m;
  let seconds = 0;
  if (/^\d+(?:\.\d+)?$/.test(body)) seconds = Number(body);
  else for (const [, n, unit] of body.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) seconds += Number(n) * UNIT_SECONDS[unit];
  return sign ? -seconds : seconds;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`a positive integer, got '${value}'`);
  return n;
}
