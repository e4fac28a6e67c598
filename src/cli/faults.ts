import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { contextOf } from './context.ts';
import { UsageError } from './errors.ts';
import { seg } from './http.ts';
import { print, table } from './output.ts';
import type { StoredFaultRule } from '../client/types.ts';

/** A fault rule as the control API answers it (its schema's type), with how often it has fired. */
type Rule = StoredFaultRule;

const rulesTable = (rules: Rule[]) =>
  table(
    ['#', 'DIALECT', 'METHOD', 'PATH', 'STATUS', 'DELAY MS', 'PROBABILITY', 'TIMES', 'FIRED', 'BODY'],
    rules.map((r, i) => [i + 1, r.dialect ?? '*', r.method ?? '*', r.path ?? '*', r.status, r.delayMs, r.probability, r.times, r.fired, r.body === undefined ? undefined : JSON.stringify(r.body)]),
    '(no fault rules)',
  );

/** The rules in FILE (`-`: stdin): `{"rules": [...]}` or the array itself. */
export function readRules(file: string): { rules: unknown[] } {
  const where = file === '-' ? 'stdin' : file;
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${where}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${where} is not JSON: ${(err as Error).message.replace(/\s+/g, ' ')}`);
  }
  if (Array.isArray(value)) return { rules: value };
  if (value && typeof value === 'object' && Array.isArray((value as { rules?: unknown }).rules)) return value as { rules: unknown[] };
  throw new UsageError(`${where} must hold {"rules": [...]} or an array of rules`);
}

export function registerFaults(program: Command): void {
  const faults = program.command('faults').description("set, show or clear a sandbox's fault rules");

  faults
    .command('set')
    .description('replace the fault rules with those of FILE')
    .argument('<id>', 'sandbox id')
    .argument('<file>', 'JSON {"rules": [...]} or an array of rules; - reads stdin')
    .action(async (id: string, file: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const body = readRules(file);
      const answer = await control.call<{ rules: Rule[] }>('PUT', `/sandboxes/${seg(id)}/faults`, body);
      print(json, answer, () => rulesTable(answer.rules));
    });

  faults
    .command('show')
    .description('the fault rules, in the order they are tried')
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call<{ rules: Rule[] }>('GET', `/sandboxes/${seg(id)}/faults`);
      print(json, answer, () => rulesTable(answer.rules));
    });

  faults
    .command('clear')
    .description('remove every fault rule')
    .argument('<id>', 'sandbox id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const answer = await control.call<{ rules: Rule[] }>('DELETE', `/sandboxes/${seg(id)}/faults`);
      print(json, answer, () => `fault rules of sandbox ${id} cleared`);
    });
}
