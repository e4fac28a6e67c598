import type { Command } from 'commander';
import { Control, type GlobalOptions } from './http.ts';

/** The global options (`--url`, `--token`, `--json`) of whatever subcommand runs, and a client from them. */
export function contextOf(cmd: Command): { control: Control; json: boolean } {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  return { control: new Control(opts), json: Boolean(opts.json) };
}
