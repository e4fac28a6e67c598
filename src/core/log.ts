import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'auto' | 'pretty' | 'json';

/** Whether logs are pretty: `auto` means when stdout is a terminal (a person reads it), JSON otherwise. */
export function isPretty(format: LogFormat, stdoutIsTTY = Boolean(process.stdout.isTTY)): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTTY);
}

/** Where pino writes: pino-pretty on stdout for a person (synchronous, so the lines before an exit are kept), else pino's own JSON stream. */
export function logDestination(format: LogFormat, stdoutIsTTY = Boolean(process.stdout.isTTY)): DestinationStream | undefined {
  if (!isPretty(format, stdoutIsTTY)) return undefined;
  return pretty({ colorize: stdoutIsTTY, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}
