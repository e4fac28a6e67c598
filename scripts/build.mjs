// Bundles src/ into dist/ so that `understudy serve` starts without compiling TypeScript at every
// start: measured 1.2-1.5 s to the ready line under tsx against about a third of that from the
// bundle. Runs on `npm ci` and `npm pack` (prepare) and before `npm start`; bin/understudy.js
// falls back to tsx when there is no bundle.
//
// Entries: dist/understudy.mjs (the CLI), dist/testing.mjs (`understudy/testing`) and
// dist/client.mjs (`understudy/client`). Code they share (the server, which the test kit loads
// for its in-process mode) is split into dist/shared-*.mjs chunks, so the package holds it once.
// `--types` also writes the entries' type declarations to dist/types/ (tsc, tsconfig.types.json).
//
// `--if-stale` (what `npm start` runs first) builds only when an input changed since the last
// build: the sources, package.json, the lockfile or this script, compared by a stamp of their
// paths, sizes and mtimes in dist/.build-stamp. A current bundle costs a few ms of stat calls,
// not esbuild's load and build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-stamp');

/** The inputs of the bundle, each as path, size and mtime: a change to any of them (or one more or fewer) changes it. */
function inputsStamp() {
  const lines = [];
  const add = (path) => {
    const st = statSync(path);
    lines.push(`${relative(root, path)} ${st.size} ${st.mtimeMs}`);
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) add(path);
    }
  };
  walk(join(root, 'src'));
  for (const f of ['package.json', 'package-lock.json', 'scripts/build.mjs']) if (existsSync(join(root, f))) add(join(root, f));
  return lines.sort().join('\n');
}

const stamp = inputsStamp();
const entriesPresent = ['understudy.mjs', 'testing.mjs', 'client.mjs'].every((f) => existsSync(join(dist, f)));
if (process.argv.includes('--if-stale') && entriesPresent && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

const { build } = await import('esbuild');
// The console's browser script (src/console/client/), compiled first and carried in the server
// bundle as a constant (src/console/client-bundle.ts compiles it the same way from the sources).
const consoleClient = await build({
  ...JSON.parse(readFileSync(join(root, 'src/console/client-build.json'), 'utf8')),
  absWorkingDir: root,
  entryPoints: ['src/console/client/main.ts'],
  logLevel: 'warning',
});
const result = await build({
  define: { __UNDERSTUDY_CONSOLE_CLIENT__: JSON.stringify(consoleClient.outputFiles[0].text) },
  absWorkingDir: root,
  entryPoints: { understudy: 'src/cli.ts', testing: 'src/testing/index.ts', client: 'src/client/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'shared-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Dependencies are bundled too: loading one file instead of hundreds of modules is most of
  // the gain (typebox and kysely alone take 150 and 115 ms to import as separate modules).
  // Native and optional modules stay outside, and so does what a start rarely loads (the X.509
  // library that makes --https certificates, imported only when one must be made).
  external: ['better-sqlite3', 'pg-native', 'bwip-js', 'tsx', 'esbuild', '@peculiar/x509', 'reflect-metadata'],
  // CommonJS dependencies bundled into ESM still call require() for node built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
  write: false,
});

// Written only when changed, each through a rename: a process starting from dist/ while a test
// rebuilds it never reads a half-written file.
mkdirSync(dist, { recursive: true });
const written = new Set();
for (const file of result.outputFiles) {
  written.add(file.path);
  let same = false;
  try {
    same = readFileSync(file.path).equals(file.contents);
  } catch {}
  if (same) continue;
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
// Chunks of an earlier build (another hash) go.
for (const name of readdirSync(dist)) {
  if (/^shared-.*\.mjs(\.map)?$/.test(name) && !written.has(join(dist, name))) rmSync(join(dist, name), { force: true });
}
writeFileSync(stampFile, stamp);

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (process.argv.includes('--types') && !existsSync(tsc)) {
  // `npm ci --omit=dev`: no TypeScript, so no declarations (the server does not need them).
  console.warn('build: TypeScript is not installed (a devDependency): dist/types/ not written');
} else if (process.argv.includes('--types')) {
  rmSync(join(dist, 'types'), { recursive: true, force: true });
  const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) {
    console.error(`type declarations failed (${relative(root, tsc)} -p tsconfig.types.json):\n${res.stdout}${res.stderr}`);
    process.exit(1);
  }
  pruneDeclarations(join(dist, 'types'), ['client/index.d.ts', 'testing/index.d.ts']);
}

/**
 * tsc declares every module the entries reach, the whole server included (the test kit loads it
 * for its in-process mode); the package ships only those the entries' declarations import. Their
 * relative specifiers end in `.js` (tsc keeps the sources' `.ts`), which every TypeScript resolves.
 */
function pruneDeclarations(dir, entries) {
  const keep = new Set();
  const visit = (file) => {
    if (keep.has(file)) return;
    keep.add(file);
    const text = readFileSync(file, 'utf8').replace(/(from |import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
    writeFileSync(file, text);
    for (const [, , spec] of text.matchAll(/(?:from |import\()(['"])(\.{1,2}\/[^'"]+)\.js\1/g)) visit(join(dirname(file), `${spec}.d.ts`));
  };
  for (const entry of entries) visit(join(dir, entry));
  const sweep = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        sweep(path);
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      } else if (!keep.has(path)) rmSync(path);
    }
  };
  sweep(dir);
}
