import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Client from 'understudy/client';
import { DIALECT_PREFIXES } from 'understudy/testing';
import type { Engine } from '../../src/core/db/engine.ts';
import type { FaultRule } from '../../src/core/faults.ts';
import type { JournalRecord, JournalStats } from '../../src/core/journal.ts';
import type { DeliveryView } from '../../src/core/outbox/store.ts';
import type { SandboxService, SandboxView } from '../../src/core/sandboxes/service.ts';
import type { TouchofficeCredentials } from '../../src/dialects/touchoffice/credentials.ts';
import type { RevelCredentials } from '../../src/dialects/revel/credentials.ts';
import type { ComebackCredentials } from '../../src/dialects/comeback/credentials.ts';
import type { IntouchCredentials } from '../../src/dialects/intouch/credentials.ts';
import type { ReversioCredentials } from '../../src/dialects/reversio/credentials.ts';
import { DIALECTS } from '../../src/main.ts';

/**
 * The client's answer types that have no schema to come from (src/client/types.ts) are the
 * server's own: the expectTypeOf lines below fail `tsc --noEmit` (part of CI) when either side
 * changes shape.
 */
describe('understudy/client types', () => {
  it("are the server's own types", () => {
    expectTypeOf<Client.JournalRecord>().toEqualTypeOf<JournalRecord>();
    expectTypeOf<Client.JournalStats>().toEqualTypeOf<JournalStats>();
    expectTypeOf<Client.Delivery>().toEqualTypeOf<DeliveryView>();
    expectTypeOf<Client.Snapshot>().toEqualTypeOf<Awaited<ReturnType<SandboxService['snapshot']>>>();
    expectTypeOf<Client.SnapshotListEntry[]>().toEqualTypeOf<Awaited<ReturnType<SandboxService['listSnapshots']>>>();
    expectTypeOf<Omit<Client.Sandbox, 'credentials'>>().toEqualTypeOf<Omit<SandboxView, 'credentials'>>();
    expectTypeOf<Client.Health['engine']>().toEqualTypeOf<Engine>();
    expectTypeOf<Client.FaultRule>().toExtend<FaultRule>();
    expectTypeOf<Required<Omit<FaultRule, 'dialect'>>>().toEqualTypeOf<Required<Omit<Client.FaultRule, 'dialect'>>>();
    expectTypeOf<Client.Credentials>().toEqualTypeOf<{
      touchoffice: TouchofficeCredentials;
      revel: RevelCredentials;
      comeback: ComebackCredentials;
      intouch: IntouchCredentials;
      reversio: ReversioCredentials;
    }>();
  });

  it('name every served dialect, with its base path', () => {
    expect(DIALECT_PREFIXES).toEqual(Object.fromEntries(DIALECTS.filter((d) => d.routes).map((d) => [d.name, d.prefix])));
    expectTypeOf<keyof typeof DIALECT_PREFIXES>().toEqualTypeOf<Client.DialectName>();
  });
});
