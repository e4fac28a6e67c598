import picomatch from 'picomatch';
import type { Db } from './db/engine.ts';
import { NotFoundError } from './sandboxes/service.ts';

export interface FaultRule {
  dialect?: string;
  method?: string;
  /** Glob on the path below the dialect's base URL; `*` also crosses `/` (`/vouchers*`). */
  path?: string;
  status?: number;
  body?: unknown;
  delayMs?: number;
  probability?: number;
  /** How many more times the rule fires; absent: every time. */
  times?: number;
}

export interface FiredFault {
  status?: number;
  body?: unknown;
  delayMs: number;
}

const matchers = new Map<string, (path: string) => boolean>();

function pathMatches(glob: string, path: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    // bash mode: a single star matches across slashes, as a user writing '/vouchers*' expects.
    m = picomatch(glob, { bash: true, dot: true, nocase: false });
    if (matchers.size > 1000) matchers.clear();
    matchers.set(glob, m);
  }
  return m(path);
}

/** Fault rules of a sandbox, applied by the dialect pipeline before the vendor logic. */
export class Faults {
  constructor(
    private readonly db: Db,
    private readonly random: () => number = Math.random,
  ) {}

  async replace(sandboxId: string, rules: FaultRule[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      // First, so its row lock makes concurrent replacements of one sandbox's rules take turns
      // (each deletes and re-inserts the same keys).
      // It also holds off a DELETE of the sandbox under way, and finds the sandbox gone after one.
      const found = await tx.updateTable('sandboxes').set({ fault_rule_count: rules.length }).where('id', '=', sandboxId).executeTakeFirst();
      if (Number(found.numUpdatedRows) === 0) throw new NotFoundError(`sandbox '${sandboxId}' not found`);
      await tx.deleteFrom('fault_rules').where('sandbox_id', '=', sandboxId).execute();
      if (rules.length) {
        await tx
          .insertInto('fault_rules')
          .values(
            rules.map((r, position) => ({
              sandbox_id: sandboxId,
              position,
              dialect: r.dialect ?? null,
              method: r.method?.toUpperCase() ?? null,
              path: r.path ?? null,
              status: r.status ?? null,
              body: r.body === undefined ? null : JSON.stringify(r.body),
              delay_ms: r.delayMs ?? null,
              probability: r.probability ?? null,
              remaining: r.times ?? null,
            })),
          )
          .execute();
      }
    });
  }

  async list(sandboxId: string): Promise<FaultRule[]> {
    const rows = await this.db.selectFrom('fault_rules').selectAll().where('sandbox_id', '=', sandboxId).orderBy('position').execute();
    return rows.map((r) => {
      const rule: FaultRule = {};
      if (r.dialect !== null) rule.dialect = r.dialect;
      if (r.method !== null) rule.method = r.method;
      if (r.path !== null) rule.path = r.path;
      if (r.status !== null) rule.status = r.status;
      if (r.body !== null) rule.body = JSON.parse(r.body);
      if (r.delay_ms !== null) rule.delayMs = r.delay_ms;
      if (r.probability !== null) rule.probability = Number(r.probability);
      if (r.remaining !== null) rule.times = r.remaining;
      return rule;
    });
  }

  /** The first rule that matches and fires; a rule with `times` is used up atomically. */
  async fire(sandboxId: string, dialect: string, method: string, path: string): Promise<FiredFault | null> {
    const rows = await this.db.selectFrom('fault_rules').selectAll().where('sandbox_id', '=', sandboxId).orderBy('position').execute();
    for (const r of rows) {
      if (r.dialect !== null && r.dialect !== dialect) continue;
      if (r.method !== null && r.method !== method.toUpperCase()) continue;
      if (r.path !== null && !pathMatches(r.path, path)) continue;
      if (r.remaining !== null && r.remaining <= 0) continue;
      if (r.probability !== null && this.random() >= Number(r.probability)) continue;
      if (r.remaining !== null) {
        const used = await this.db
          .updateTable('fault_rules')
          .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
          .where('sandbox_id', '=', sandboxId)
          .where('position', '=', r.position)
          .where('remaining', '>', 0)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) === 0) continue;
      }
      return {
        status: r.status ?? undefined,
        body: r.body === null ? undefined : JSON.parse(r.body),
        delayMs: r.delay_ms ?? 0,
      };
    }
    return null;
  }
}
