import { describe, expect, it } from 'vitest';
import { isPretty, logDestination } from './log.ts';

describe('log format', () => {
  it('auto: pretty on a terminal, JSON (pino’s own stream) otherwise; pretty and json force one', () => {
    expect(isPretty('auto', true)).toBe(true);
    expect(isPretty('auto', false)).toBe(false);
    expect(isPretty('pretty', false)).toBe(true);
    expect(isPretty('json', true)).toBe(false);
    expect(logDestination('auto', false)).toBeUndefined();
    expect(logDestination('pretty', false)).toBeDefined();
  });
});
