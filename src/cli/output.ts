/** What commands print: the JSON answer with `--json`, else a table or a few readable lines. */

export type Cell = string | number | boolean | null | undefined;

function text(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '-';
  return String(cell).replace(/[\r\n\t]+/g, ' ');
}

/** Rows under a header, columns padded to their widest cell; no rows prints `empty` instead. */
export function table(headers: string[], rows: Cell[][], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const cells = [headers, ...rows.map((r) => r.map(text))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

/** `key  value` lines, keys aligned. */
export function pairs(entries: Array<[string, Cell]>): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${text(v)}`).join('\n');
}

export function print(json: boolean | undefined, value: unknown, readable: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(value, null, 2) : readable()}\n`);
}
