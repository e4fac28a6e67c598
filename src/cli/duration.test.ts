import { describe, expect, it } from 'vitest';
import { durationSeconds, positiveInteger } from './duration.ts';
import { table } from './output.ts';

describe('clock advance durations', () => {
  it('seconds, or numbers with s, m, h, d, combined, negative', () => {
    expect(durationSeconds('3600')).toBe(3600);
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('15m')).toBe(900);
    expect(durationSeconds('1h')).toBe(3600);
    expect(durationSeconds('2d')).toBe(172_800);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('1.5h')).toBe(5400);
    expect(durationSeconds('-1d')).toBe(-86_400);
  });

  it('anything else is refused', () => {
    for (const bad of ['', 'h', '1w', '1 h', '1h-5m', 'abc', '--1h']) expect(() => durationSeconds(bad), bad).toThrow(/a duration is/);
    for (const bad of ['0', '-1', '1.5', 'x']) expect(() => positiveInteger(bad), bad).toThrow(/positive integer/);
  });
});

describe('the table printer', () => {
  it('pads every column but the last to its widest cell; absent cells are -; no rows prints the empty text', () => {
    expect(table(['A', 'LONG HEADER', 'C'], [['x', null, 'last'], ['wider', 7, undefined]])).toBe('A      LONG HEADER  C\nx      -            last\nwider  7            -');
    expect(table(['A'], [], '(none here)')).toBe('(none here)');
    expect(table(['A', 'B'], [['multi\nline', 'b']])).toBe('A           B\nmulti line  b');
  });
});
