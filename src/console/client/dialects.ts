/**
 * What the console knows of each dialect (browser code: no Node imports). The Data tab reads a
 * sandbox's main records through the dialect's own API with the sandbox's credentials, exactly
 * as an integrator's code would; the Sandboxes tab shows one curl per dialect that works as
 * pasted; "copy as curl" of a journal entry puts placeholders where the credentials go.
 *
 * One file per dialect under `dialects/` (its views, its curl, its placeholders); this file is
 * the interface and the index.
 */
import { comebackAuth, comebackCurl, comebackRedacted, comebackViews } from './dialects/comeback.ts';
import { BASE_PATHS } from './dialects/http.ts';
import { intouchAuth, intouchCurl, intouchRedacted, intouchViews } from './dialects/intouch.ts';
import { revelAuth, revelCurl, revelRedacted, revelViews } from './dialects/revel.ts';
import { reversioAuth, reversioCurl, reversioRedacted, reversioViews } from './dialects/reversio.ts';
import { touchofficeAuth, touchofficeCurl, touchofficeRedacted, touchofficeViews } from './dialects/touchoffice.ts';

export { BASE_PATHS, VendorError } from './dialects/http.ts';
export { shellQuote } from './dialects/shell.ts';
export { INTOUCH_DEMO_CUSTOMER, intouchLogin } from './dialects/intouch.ts';

export interface Credentials {
  revel: { apiKey: string; apiSecret: string };
  intouch: { account: string; apiToken: string };
  touchoffice: { tak: string };
  comeback: { token: string };
  reversio: { subscriptionKey: string; secretValue: string };
}

export type DialectName = keyof Credentials;

/** One page of records, as the Data tab prints it (every cell is text; the console escapes it). */
export interface DataTable {
  columns: string[];
  rows: string[][];
  /** 0-based page shown. */
  page: number;
  hasMore: boolean;
  /** Total records, when the vendor API says. */
  total?: number;
  /** The vendor URL(s) read for this page, credentials replaced by placeholders. */
  requests: string[];
  /**
   * What the reader should know of this table, when there is something: e.g. that the vendor
   * API lists no such records and which input of the view makes it show them.
   */
  note?: string;
}

/**
 * A value a view asks the user for, because the vendor API cannot list what it shows (InTouch
 * has no customer list, only the logged-in customer's own records; Revers.io reads orders by
 * reference only). The console shows a field for it and passes it in `DataContext.inputs`.
 */
export interface DataInput {
  /** The key in `DataContext.inputs`; views that need the same thing share the name. */
  name: string;
  label: string;
  /** Why it is needed and where to get it. */
  help: string;
  /** Several values are given separated by spaces, commas or new lines. */
  multiple?: boolean;
  /** A credential: show it masked, keep it out of URLs. */
  secret?: boolean;
  /** A value that works in the demo sandbox. */
  example?: string;
}

export interface DataContext {
  /** e.g. `http://127.0.0.1:4010` (the console's own origin). */
  origin: string;
  credentials: Credentials;
  /** 0-based. */
  page: number;
  pageSize: number;
  /** Called unbound (`const f = ctx.fetch; f(url)`), so `window.fetch` itself can be given. */
  fetch: typeof fetch;
  /**
   * The sandbox's id. Optional: with it, a view may also read the control API where the vendor
   * keeps a back office (Revers.io's after-sales files, to find their orders' references). When
   * an admin token is set, `fetch` must add `Authorization: Bearer <token>` to `/_understudy/` calls.
   */
  sandboxId?: string;
  /** The values of the view's `inputs`, by name. */
  inputs?: Record<string, string>;
  /**
   * The sandbox clock (ISO-8601) when the console knows it: a view may say what the vendor's
   * own time rules make of a record now (a TouchOffice voucher past its enddate is expired).
   */
  now?: string;
}

export interface DataView {
  dialect: DialectName;
  /** Stable, for URLs and tests: e.g. `touchoffice-vouchers`. */
  id: string;
  /** e.g. `Vouchers`. */
  label: string;
  /** What the user may give the view (see DataInput); absent when the vendor API lists everything. */
  inputs?: DataInput[];
  /** Reads only (GET); a vendor refusal is a VendorError. */
  load(ctx: DataContext): Promise<DataTable>;
}

/** Every view, dialect by dialect, in the order the Data tab lists them. */
export const DATA_VIEWS: DataView[] = [...touchofficeViews, ...revelViews, ...comebackViews, ...intouchViews, ...reversioViews];

/** One read-only curl per dialect that works as pasted into a POSIX shell. */
export function sampleCurl(dialect: DialectName, origin: string, credentials: Credentials): string {
  switch (dialect) {
    case 'touchoffice':
      return touchofficeCurl(origin, credentials.touchoffice);
    case 'revel':
      return revelCurl(origin, credentials.revel);
    case 'comeback':
      return comebackCurl(origin, credentials.comeback);
    case 'intouch':
      return intouchCurl(origin, credentials.intouch);
    case 'reversio':
      return reversioCurl(origin, credentials.reversio);
  }
}

/**
 * Headers a journal entry's "copy as curl" adds for the dialect's credentials, as placeholders.
 * `path` (the entry's path, below the dialect's base path or with it) picks the scheme where a
 * dialect has several: InTouch's API token, customer token or account alone; Revers.io's token
 * call (key + secret value) or the others (key + JWT). TouchOffice carries its TAK in the query:
 * no header (see `redactedPlaceholder`).
 */
export function authPlaceholders(dialect: DialectName, path?: string): Array<[string, string]> {
  const below = path === undefined ? undefined : pathBelowBase(dialect, path);
  switch (dialect) {
    case 'touchoffice':
      return touchofficeAuth();
    case 'revel':
      return revelAuth();
    case 'comeback':
      return comebackAuth(below);
    case 'intouch':
      return intouchAuth(below);
    case 'reversio':
      return reversioAuth(below);
  }
}

/** A path below the dialect's base path: `/intouch/api/v1/customer/cards?x` and `/customer/cards` are both `/customer/cards`. */
export function pathBelowBase(dialect: DialectName, path: string): string {
  let p = /^https?:\/\//i.test(path) ? new URL(path).pathname : path.replace(/[?#].*$/, '');
  p = `/${p.replace(/^\/+/, '')}`;
  const base = BASE_PATHS[dialect].replace(/\/$/, '');
  if (p === base || p.startsWith(`${base}/`)) p = p.slice(base.length) || '/';
  return p;
}

const REDACTED_PLACEHOLDERS: Record<DialectName, Record<string, string>> = {
  touchoffice: touchofficeRedacted,
  revel: revelRedacted,
  comeback: comebackRedacted,
  intouch: intouchRedacted,
  reversio: reversioRedacted,
};

/**
 * The placeholder for a query parameter or body field the journal shows as `[REDACTED]` (e.g.
 * TouchOffice's `TAK` → `<tak>`, Revel's `api_key` → `<apiKey>`), matched without case; a name
 * the dialect does not know as a credential gets `<name>`.
 */
export function redactedPlaceholder(dialect: DialectName, name: string): string {
  return REDACTED_PLACEHOLDERS[dialect][name.toLowerCase()] ?? `<${name}>`;
}
