import type { Command } from 'commander';
import { contextOf } from './context.ts';
import { seg } from './http.ts';
import { print, table } from './output.ts';

export function registerWebhook(program: Command): void {
  const webhook = program.command('webhook').description("where a sandbox's webhooks go, per dialect");

  webhook
    .command('set')
    .description("send the dialect's webhooks to URL")
    .argument('<id>', 'sandbox id')
    .argument('<dialect>', 'comeback, revel, …')
    .argument('<url>', 'http:// or https:// receiver')
    .action(async (id: string, dialect: string, url: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call<{ dialect: string; url: string }>('PUT', `/sandboxes/${seg(id)}/webhooks/${seg(dialect)}`, { url });
      print(json, answer, () => `${answer.dialect} webhooks of sandbox ${id} go to ${answer.url}`);
    });

  webhook
    .command('rm')
    .description("stop the dialect's webhooks (deliveries already queued still go)")
    .argument('<id>', 'sandbox id')
    .argument('<dialect>', 'comeback, revel, …')
    .action(async (id: string, dialect: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      await control.call('DELETE', `/sandboxes/${seg(id)}/webhooks/${seg(dialect)}`);
      print(json, { id, dialect, removed: true }, () => `${dialect} webhooks of sandbox ${id} stopped`);
    });

  webhook
    .command('list')
    .description('the webhook URL of each dialect')
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call<{ webhooks: Record<string, string> }>('GET', `/sandboxes/${seg(id)}/webhooks`);
      print(json, answer, () => table(['DIALECT', 'URL'], Object.entries(answer.webhooks), '(no webhooks)'));
    });
}
