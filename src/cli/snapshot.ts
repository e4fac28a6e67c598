import type { Command } from 'commander';
import { contextOf } from './context.ts';
import { seg } from './http.ts';
import { pairs, print, table } from './output.ts';

export function registerSnapshot(program: Command): void {
  const snapshot = program.command('snapshot').description("save, restore and list a sandbox's named snapshots");

  snapshot
    .command('save')
    .description('a named copy of all its data (the same name again replaces it)')
    .argument('<id>', 'sandbox id')
    .argument('<name>', 'snapshot name')
    .action(async (id: string, name: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const saved = await control.call<{ name: string; createdAt: string; rows: number }>('POST', `/sandboxes/${seg(id)}/snapshots`, { name });
      print(json, saved, () => pairs([['snapshot', saved.name], ['sandbox', id], ['rows', saved.rows], ['createdAt', saved.createdAt]]));
    });

  snapshot
    .command('restore')
    .description('data exactly as at the snapshot')
    .argument('<id>', 'sandbox id')
    .argument('<name>', 'snapshot name')
    .action(async (id: string, name: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call('POST', `/sandboxes/${seg(id)}/snapshots/${seg(name)}/restore`);
      print(json, answer, () => `sandbox ${id} restored to snapshot ${name}`);
    });

  snapshot
    .command('list')
    .description("a sandbox's snapshots")
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call<{ snapshots: Array<{ name: string; createdAt: string }> }>('GET', `/sandboxes/${seg(id)}/snapshots`);
      print(json, answer, () => table(['NAME', 'CREATED'], answer.snapshots.map((s) => [s.name, s.createdAt]), '(no snapshots)'));
    });
}
