import { sql } from 'kysely';
import type { TableSpec } from '../../core/dialect.ts';

export const tables: TableSpec = {
  tables: {},
  migrations: {
    // Sandboxes made before the account had a credential row of its own get one.
    'intouch-0001-account-credentials': async (db) => {
      await sql`insert into credentials (dialect, kind, key, secret, scope, is_primary, sandbox_id)
        select dialect, 'account', secret, null, null, 1, sandbox_id from credentials
        where dialect = 'intouch' and kind = 'primary' and secret is not null`.execute(db);
    },
  },
};
