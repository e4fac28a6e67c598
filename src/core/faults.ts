import { isDeepStrictEqual } from 'node:util';
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
  /** Ignored when rules are set (a rule as listed can be sent back). */
  fired?: number;
}

/** A rule as stored and listed: with how many times it has fired since it was set. */
export interface StoredFaultRule extends Omit<FaultRule, 'fired'> {
  fired: number;
}

type FaultRow = Record<string, any>;

/** A rule set again keeps its count when it is the same rule: every field but `times` and `fired` equal. */
function sameRule(row: FaultRow, r: FaultRule): boolean {
  return (
    row.dialect === (r.dialect ?? null) &&
    row.method === (r.method?.toUpperCase() ?? null) &&
    row.path === (r.path ?? null) &&
    row.status === (r.status ?? null) &&
    row.delay_ms === (r.delayMs ?? null) &&
    (row.probability === null ? r.probability === undefined : Number(row.probability) === r.probability) &&
    (row.body === null ? r.body === undefined : r.body !== undefined && isDeepStrictEqual(JSON.parse(row.body), r.body))
  );
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
      // A rule of the previous set sent again (the same in all but `times`) keeps its count;
      // each old rule is taken once, in order.
      const previous: Array<FaultRow | null> = rules.length ? await tx.selectFrom('fault_rules').selectAll().where('sandbox_id', '=', sandboxId).orderBy('position').execute() : [];
      const firedOf = (r: FaultRule) => {
        const i = previous.findIndex((row) => row !== null && sameRule(row, r));
        if (i < 0) return 0;
        const fired = Number(previous[i]!.fired);
        previous[i] = null;
        return fired;
      };
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
              fired: firedOf(r),
            })),
          )
          .execute();
      }
    });
  }

  async list(sandboxId: string): Promise<StoredFaultRule[]> {
    const rows = await this.db.selectFrom('fault_rules').selectAll().where('sandbox_id', '=', sandboxId).orderBy('position').execute();
    return rows.map((r) => {
      // `fired` last: the rule's own fields first, as it was set.
      const rule = {} as StoredFaultRule;
      if (r.dialect !== null) rule.dialect = r.dialect;
      if (r.method !== null) rule.method = r.method;
      if (r.path !== null) rule.path = r.path;
      if (r.status !== null) rule.status = r.status;
      if (r.body !== null) rule.body = JSON.parse(r.body);
      if (r.delay_ms !== null) rule.delayMs = r.delay_ms;
      if (r.probability !== null) rule.probability = Number(r.probability);
      if (r.remaining !== null) rule.times = r.remaining;
      rule.fired = Number(r.fired);
      return rule;
    });
  }

  /**
   * The first rule that matches and fires; a rule with `times` is used up atomically, in the
   * statement that counts it as fired (a rule without counts in one UPDATE of its own). A
   * request no rule matches writes nothing.
   */
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
          .set((eb) => ({ remaining: eb('remaining', '-', 1), fired: eb('fired', '+', 1) }))
          .where('sandbox_id', '=', sandboxId)
          .where('position', '=', r.position)
          .where('remaining', '>', 0)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) === 0) continue;
      } else {
        await this.db
          .updateTable('fault_rules')
          .set((eb) => ({ fired: eb('fired', '+', 1) }))
          .where('sandbox_id', '=', sandboxId)
          .where('position', '=', r.position)
          .execute();
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
