import { authPlaceholders, BASE_PATHS, redactedPlaceholder, shellQuote, type DialectName } from './dialects.ts';
import { REDACTED } from './redacted.ts';
import type { JournalRecord } from '../../core/journal.ts';

/** A journal entry as the control API lists it (only its type comes from the server's code). */
export type JournalEntry = JournalRecord;

/** The query as sent, a value the journal redacted as the placeholder of that credential (left unencoded: it is to be replaced). */
function queryString(dialect: DialectName, query: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined || one === null) continue;
      const text = typeof one === 'object' ? JSON.stringify(one) : String(one);
      pairs.push(`${encodeURIComponent(k)}=${text === REDACTED ? redactedPlaceholder(dialect, k) : encodeURIComponent(text)}`);
    }
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/**
 * A journal entry as a curl command. The journal keeps no headers and redacts credentials, so
 * the command has placeholders where they go (`<tak>`, `<apiKey>:<apiSecret>` …): replace them
 * to send it.
 */
export function entryAsCurl(entry: JournalEntry, origin: string): string {
  const dialect = entry.dialect as DialectName;
  const base = (BASE_PATHS as Record<string, string>)[dialect] ?? `/${dialect}/`;
  const url = `${origin}${base.replace(/\/$/, '')}${entry.path}${queryString(dialect, entry.query)}`;
  const parts = ['curl', '-X', entry.method, shellQuote(url)];
  for (const [name, value] of authPlaceholders(dialect, entry.path)) parts.push('-H', shellQuote(`${name}: ${value}`));
  const body = entry.requestBody;
  if (body !== null && body !== undefined && body !== '') {
    const isText = typeof body === 'string';
    const looksJson = !isText || /^\s*[[{]/.test(body as string);
    const looksXml = isText && /^\s*</.test(body as string);
    const type = looksJson ? 'application/json' : looksXml ? 'application/xml' : 'application/x-www-form-urlencoded';
    parts.push('-H', shellQuote(`Content-Type: ${type}`), '--data-raw', shellQuote(isText ? (body as string) : JSON.stringify(body)));
  }
  return parts.join(' ');
}
