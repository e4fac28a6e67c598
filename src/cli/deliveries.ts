import type { Command } from 'commander';
import { contextOf } from './context.ts';
import { positiveInteger } from './duration.ts';
import { seg } from './http.ts';
import { print, table } from './output.ts';

interface Delivery {
  id: number;
  dialect: string;
  event: string;
  url: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

export function registerDeliveries(program: Command): void {
  program
    .command('deliveries')
    .description("a sandbox's outgoing webhooks and callbacks, newest first (--retry: one more attempt now)")
    .argument('<id>', 'sandbox id')
    .option('--retry <delivery>', 'attempt this delivery again now', positiveInteger)
    .action(async (id: string, opts: { retry?: number }, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      if (opts.retry !== undefined) {
        const answer = await control.call<{ id: number; status: string }>('POST', `/sandboxes/${seg(id)}/deliveries/${opts.retry}/retry`);
        print(json, answer, () => `delivery ${answer.id} queued for another attempt (${answer.status})`);
        return;
      }
      const answer = await control.call<{ deliveries: Delivery[] }>('GET', `/sandboxes/${seg(id)}/deliveries`);
      print(json, answer, () =>
        table(
          ['ID', 'DIALECT', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST', 'NEXT', 'URL'],
          answer.deliveries.map((d) => [d.id, d.dialect, d.event, d.status, d.attempts, d.lastError ?? d.lastStatusCode, d.nextAttemptAt, d.url]),
          '(no deliveries)',
        ),
      );
    });
}
