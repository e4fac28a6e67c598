import { Option, type Command } from 'commander';
import { contextOf } from './context.ts';
import { seg } from './http.ts';
import { pairs, print, table } from './output.ts';

interface Sandbox {
  id: string;
  name: string;
  fixtures: string;
  createdAt: string;
  seed?: string;
  credentials: Record<string, Record<string, string>>;
}

/** `revel apiKey=… apiSecret=…` per dialect. */
function credentialLines(s: Sandbox): Array<[string, string]> {
  return Object.entries(s.credentials).map(([dialect, c]) => [
    `credentials.${dialect}`,
    Object.entries(c)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  ]);
}

export function describeSandbox(s: Sandbox): string {
  return pairs([['id', s.id], ['name', s.name], ['fixtures', s.fixtures], ['createdAt', s.createdAt], ['seed', s.seed], ...credentialLines(s)]);
}

export function registerSandbox(program: Command): void {
  const sandbox = program.command('sandbox').description('create, list, show, reset and remove sandboxes');

  sandbox
    .command('create')
    .description('create a sandbox (prints its id and credentials)')
    .option('--name <name>', 'a name (default: its id)')
    .option('--id <id>', 'a chosen id (letters, digits, - and _; default: a random sbx_… id)')
    .addOption(new Option('--fixtures <kind>', 'what it starts with').choices(['demo', 'empty']))
    .option('--seed <seed>', 'every id and token it generates then comes from this seed')
    .action(async (opts: { name?: string; id?: string; fixtures?: string; seed?: string }, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const body = Object.fromEntries(Object.entries({ id: opts.id, name: opts.name, fixtures: opts.fixtures, seed: opts.seed }).filter(([, v]) => v !== undefined));
      const created = await control.call<Sandbox>('POST', '/sandboxes', body);
      print(json, created, () => describeSandbox(created));
    });

  sandbox
    .command('list')
    .description('every sandbox')
    .action(async (_opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call<{ sandboxes: Sandbox[] }>('GET', '/sandboxes');
      print(json, answer, () =>
        table(
          ['ID', 'NAME', 'FIXTURES', 'SEED', 'CREATED'],
          answer.sandboxes.map((s) => [s.id, s.name, s.fixtures, s.seed, s.createdAt]),
          '(no sandboxes)',
        ),
      );
    });

  sandbox
    .command('show')
    .description('one sandbox, with its credentials')
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const s = await control.call<Sandbox>('GET', `/sandboxes/${seg(id)}`);
      print(json, s, () => describeSandbox(s));
    });

  sandbox
    .command('reset')
    .description('data back to its fixtures (credentials, clock, webhooks and fault rules stay)')
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call('POST', `/sandboxes/${seg(id)}/reset`);
      print(json, answer, () => `sandbox ${id} reset`);
    });

  sandbox
    .command('rm')
    .description('remove a sandbox, its data and its credentials')
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      await control.call('DELETE', `/sandboxes/${seg(id)}`);
      print(json, { id, removed: true }, () => `sandbox ${id} removed`);
    });
}
