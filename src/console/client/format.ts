/** Bodies as the journal keeps them (parsed JSON, or the text as sent), pretty-printed. */
export function pretty(body: unknown): { kind: 'json' | 'xml' | 'text' | 'none'; text: string } {
  if (body === null || body === undefined || body === '') return { kind: 'none', text: '' };
  if (typeof body !== 'string') return { kind: 'json', text: JSON.stringify(body, null, 2) };
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(trimmed), null, 2) };
    } catch {
      // Cut by the journal, or not JSON after all: as sent.
    }
  }
  if (trimmed.startsWith('<')) {
    const xml = prettyXml(trimmed);
    if (xml !== null) return { kind: 'xml', text: xml };
  }
  return { kind: 'text', text: body };
}

/** XML re-indented through the browser's own parser; null when it is not well-formed. */
export function prettyXml(text: string): string | null {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return null;
  const out: string[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const attr = (s: string) => esc(s).replace(/"/g, '&quot;');
  const walk = (node: Node, depth: number) => {
    const pad = '  '.repeat(depth);
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      const attrs = Array.from(el.attributes, (a) => ` ${a.name}="${attr(a.value)}"`).join('');
      const kids = Array.from(el.childNodes).filter((c) => c.nodeType !== Node.TEXT_NODE || c.textContent!.trim() !== '');
      if (kids.length === 0) out.push(`${pad}<${el.tagName}${attrs}/>`);
      else if (kids.length === 1 && kids[0].nodeType === Node.TEXT_NODE) out.push(`${pad}<${el.tagName}${attrs}>${esc(kids[0].textContent!.trim())}</${el.tagName}>`);
      else {
        out.push(`${pad}<${el.tagName}${attrs}>`);
        for (const k of kids) walk(k, depth + 1);
        out.push(`${pad}</${el.tagName}>`);
      }
    } else if (node.nodeType === Node.TEXT_NODE) out.push(pad + esc(node.textContent!.trim()));
    else if (node.nodeType === Node.CDATA_SECTION_NODE) out.push(`${pad}<![CDATA[${node.textContent}]]>`);
    else if (node.nodeType === Node.COMMENT_NODE) out.push(`${pad}<!--${node.textContent}-->`);
  };
  const decl = text.match(/^<\?xml[^?]*\?>/);
  if (decl) out.push(decl[0]);
  walk(doc.documentElement, 0);
  return out.join('\n');
}
