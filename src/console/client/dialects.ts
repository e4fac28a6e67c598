/**
 * What the console knows of each dialect (browser code: no Node imports). The Data tab reads a
 * sandbox's main records through the dialect's own API with the sandbox's credentials, exactly
 * as an integrator's code would; the Sandboxes tab shows one curl per dialect that works as
 * pasted; "copy as curl" of a journal entry puts placeholders where the credentials go.
 */

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
}

export interface DataContext {
  /** e.g. `http://127.0.0.1:4010` (the console's own origin). */
  origin: string;
  credentials: Credentials;
  /** 0-based. */
  page: number;
  pageSize: number;
  fetch: typeof fetch;
}

export interface DataView {
  dialect: DialectName;
  /** Stable, for URLs and tests: e.g. `touchoffice-vouchers`. */
  id: string;
  /** e.g. `Vouchers`. */
  label: string;
  load(ctx: DataContext): Promise<DataTable>;
}

/** Filled in by the data-views work. */
export const DATA_VIEWS: DataView[] = [];

/** The dialect's base URL below the origin (CONTRACT.md). */
export const BASE_PATHS: Record<DialectName, string> = {
  revel: '/revel/',
  intouch: '/intouch/api/v1/',
  touchoffice: '/touchoffice/',
  comeback: '/comeback/v1/',
  reversio: '/reversio/api/v1/',
};

/** One read-only curl per dialect that works as pasted into a POSIX shell. */
export function sampleCurl(dialect: DialectName, origin: string, credentials: Credentials): string {
  return `curl -s '${origin}${BASE_PATHS[dialect]}'`;
}

/** Headers a journal entry's "copy as curl" adds for the dialect's credentials, as placeholders. */
export function authPlaceholders(dialect: DialectName): Array<[string, string]> {
  return [];
}
