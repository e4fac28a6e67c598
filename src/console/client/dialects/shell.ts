/**
 * POSIX shell quoting for the curls the console prints. A word of plain characters (letters,
 * digits and `_@%+:,./-`) is left as it is; any other is put in single quotes, a single quote
 * inside written as `'\''` (close, an escaped quote, open again). Inside single quotes nothing is
 * special to sh (no `$`, backtick, backslash, glob or new line), so any string stays one word.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line of words, each quoted. */
export const shellWords = (words: string[]) => words.map(shellQuote).join(' ');

/** `-H 'Name: value'` for each header. */
export const headerArgs = (headers: Array<[string, string]>) => headers.flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
