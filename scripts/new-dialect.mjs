#!/usr/bin/env node
// `npm run new-dialect -- NAME [--root DIR]`: a new dialect folder, src/dialects/NAME/, from the
// templates in scripts/dialect-template/ (definition, credentials, protocol, errors, routes,
// model, store, schemas, fixtures, conformance, a test running the conformance suite, a README
// section), added to the one list of dialects (src/dialects/index.ts). As generated, it serves
// `/NAME/items` and passes its own tests; then make it the vendor's.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = resolve(rootAt === -1 ? join(here, '..') : args[rootAt + 1]);
const name = args.find((a, i) => !a.startsWith('--') && (rootAt === -1 || i !== rootAt + 1));

function fail(message) {
  console.error(`new-dialect: ${message}`);
  process.exit(2);
}

if (!name) fail('usage: npm run new-dialect -- NAME   (NAME: lower-case letters and digits, e.g. acme)');
if (!/^[a-z][a-z0-9]{1,30}$/.test(name)) fail(`'${name}' is not a dialect name: lower-case letters and digits, starting with a letter`);
const folder = join(root, 'src', 'dialects', name);
if (existsSync(folder)) fail(`${folder} exists already`);
const list = join(root, 'src', 'dialects', 'index.ts');
if (!existsSync(list)) fail(`no list of dialects at ${list}`);

const Name = name[0].toUpperCase() + name.slice(1);
const templates = join(here, 'dialect-template');
mkdirSync(folder, { recursive: true });
const written = [];
for (const file of readdirSync(templates).filter((f) => f.endsWith('.tmpl')).sort()) {
  const text = readFileSync(join(templates, file), 'utf8').replaceAll('__Name__', Name).replaceAll('__name__', name);
  const target = join(folder, file.replace(/\.tmpl$/, ''));
  writeFileSync(target, text);
  written.push(target);
}

// The one list of dialects: an import, and the dialect at the end of DIALECTS.
let source = readFileSync(list, 'utf8');
const imports = [...source.matchAll(/^import .*;$/gm)];
const last = imports[imports.length - 1];
const at = last ? last.index + last[0].length : 0;
source = `${source.slice(0, at)}\nimport { ${name} } from './${name}/index.ts';${source.slice(at)}`;
const array = /(export const DIALECTS[^=]*=\s*\[)([^\]]*)\]/;
if (!array.test(source)) fail(`${list} has no 'export const DIALECTS = [...]'`);
source = source.replace(array, (_m, head, items) => `${head}${items.trim() ? `${items.trim().replace(/,$/, '')}, ` : ''}${name}]`);
writeFileSync(list, source);

console.log(`new-dialect: wrote ${written.length} files in ${folder} and added '${name}' to ${list}`);
console.log(`  served at /${name}/ (try: curl -H 'X-Api-Key: demo-${name}-key' http://127.0.0.1:4010/${name}/items)`);
console.log(`  its test: npx vitest run src/dialects/${name}`);
