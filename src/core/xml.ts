/**
 * The characters XML 1.0 allows (§2.2 Char): tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and
 * U+10000–U+10FFFF. Anything else (C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot be
 * written in a document a strict parser accepts, escaped or not, so it is left out.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text with only the characters XML 1.0 allows (for both dialects that answer `?format=xml`). */
export const xmlChars = (text: string): string => text.replace(NOT_XML_CHAR, '');
