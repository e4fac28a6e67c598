import type { Command } from 'commander';
import { contextOf } from './context.ts';
import { durationSeconds } from './duration.ts';
import { seg } from './http.ts';
import { UsageError } from './errors.ts';
import { pairs, print } from './output.ts';

type Clock = { now: string; frozen: boolean };

const describe = (c: Clock) => pairs([['now', c.now], ['frozen', c.frozen ? 'yes' : 'no']]);

export function registerClock(program: Command): void {
  const clock = program.command('clock').description("show, set, advance or reset a sandbox's clock");

  clock
    .command('show')
    .description("the sandbox's time")
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const c = await control.call<Clock>('GET', `/sandboxes/${seg(id)}/clock`);
      print(json, c, () => describe(c));
    });

  clock
    .command('set')
    .description('set the time (it keeps running from there unless --freeze)')
    .argument('<id>', 'sandbox id')
    .argument('<iso>', 'an ISO-8601 time, e.g. 2030-01-01T00:00:00Z')
    .option('--freeze', 'stop the clock at that time')
    .action(async (id: string, iso: string, opts: { freeze?: boolean }, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      if (Number.isNaN(Date.parse(iso))) throw new UsageError(`'${iso}' is not an ISO-8601 time (e.g. 2030-01-01T00:00:00Z)`);
      const c = await control.call<Clock>('PUT', `/sandboxes/${seg(id)}/clock`, { now: iso, frozen: Boolean(opts.freeze) });
      print(json, c, () => describe(c));
    });

  clock
    .command('advance')
    .description('move the time forward (a negative one, after --, moves it back: clock advance ID -- -1h)')
    .argument('<id>', 'sandbox id')
    .argument('<duration>', 'seconds (3600) or with a unit: 90s, 15m, 1h, 2d, 1h30m', durationSeconds)
    .action(async (id: string, seconds: number, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const c = await control.call<Clock>('PUT', `/sandboxes/${seg(id)}/clock`, { advanceSeconds: seconds });
      print(json, c, () => describe(c));
    });

  clock
    .command('real')
    .description('back to real time')
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const c = await control.call<Clock>('DELETE', `/sandboxes/${seg(id)}/clock`);
      print(json, c, () => describe(c));
    });
}
