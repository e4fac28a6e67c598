import { authPlaceholders, BASE_PATHS, type DialectName } from './dialects.ts';

/** One word for a POSIX shell, whatever it holds: single-quoted, a quote inside as '\''. */
export const shellQuote = (s: string) => (/^[A-Za-z0-9_\-./:=@,+%]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface JournalEntry {
  id: number;
  at: string;
  dialect: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  status: number;
  durationMs: number;
  requestBody: unknown;
  responseBody: unknown;
}

function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) for (const one of v) params.append(k, String(one));
    else if (v !== undefined && v !== null) params.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * A journal entry as a curl command. The journal keeps no headers and redacts credentials
 * (`[REDACTED]`, left as it is), so the command has placeholders where the credentials go.
 */
export function entryAsCurl(entry: JournalEntry, origin: string): string {
  const base = (BASE_PATHS as Record<string, string>)[entry.dialect] ?? `/${entry.dialect}/`;
  const url = `${origin}${base.replace(/\/$/, '')}${entry.path}${queryString(entry.query)}`;
  const parts = ['curl', '-X', entry.method, shellQuote(url)];
  for (const [name, value] of authPlaceholders(entry.dialect as DialectName)) parts.push('-H', shellQuote(`${name}: ${value}`));
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
