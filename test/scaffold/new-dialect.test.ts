import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Conformance } from '../../src/core/conformance.ts';
import type { DialectDefinition } from '../../src/core/dialect.ts';
import { ROOT_DIR, useTestApp } from '../helpers/app.ts';
import { describeConformance } from '../helpers/conformance.ts';

/**
 * Issue 8: `npm run new-dialect -- NAME` writes a dialect folder that passes its own tests as
 * generated. The generator runs into a copy of the project's layout (core, test helpers and the
 * list of dialects linked or copied from this one), is type-checked, and the dialect it wrote
 * runs the conformance suite, as its own generated test does.
 */
const root = mkdtempSync(join(tmpdir(), 'understudy-scaffold-'));
mkdirSync(join(root, 'src', 'dialects'), { recursive: true });
mkdirSync(join(root, 'test'));
symlinkSync(join(ROOT_DIR, 'src', 'core'), join(root, 'src', 'core'));
symlinkSync(join(ROOT_DIR, 'test', 'helpers'), join(root, 'test', 'helpers'));
symlinkSync(join(ROOT_DIR, 'node_modules'), join(root, 'node_modules'));
copyFileSync(join(ROOT_DIR, 'src', 'dialects', 'index.ts'), join(root, 'src', 'dialects', 'index.ts'));
const output = execFileSync(process.execPath, [join(ROOT_DIR, 'scripts', 'new-dialect.mjs'), 'acme', '--root', root], { encoding: 'utf8' });
const folder = join(root, 'src', 'dialects', 'acme');
const { acme } = (await import(join(folder, 'index.ts'))) as { acme: DialectDefinition<any> };
const { conformance } = (await import(join(folder, 'conformance.ts'))) as { conformance: Conformance };

describe('npm run new-dialect', () => {
  it('writes every file of a dialect folder and adds the dialect to the one list', () => {
    expect(output).toMatch(/wrote 12 files/);
    for (const file of ['index.ts', 'credentials.ts', 'protocol.ts', 'errors.ts', 'routes.ts', 'model.ts', 'store.ts', 'schemas.ts', 'fixtures.ts', 'conformance.ts', 'conformance.test.ts', 'README.md']) {
      expect(readFileSync(join(folder, file), 'utf8').length, file).toBeGreaterThan(0);
    }
    const list = readFileSync(join(root, 'src', 'dialects', 'index.ts'), 'utf8');
    expect(list).toContain("import { acme } from './acme/index.ts';");
    expect(list).toMatch(/DIALECTS[^=]*= \[revel, intouch, touchoffice, comeback, reversio, acme\]/);
    expect(readFileSync(join(folder, 'conformance.test.ts'), 'utf8')).toContain('describeConformance(acme, conformance)');
    expect(acme).toMatchObject({ name: 'acme', prefix: '/acme' });
  });

  it('refuses a name that is not one, and a folder that exists', () => {
    const run = (name: string) => {
      try {
        execFileSync(process.execPath, [join(ROOT_DIR, 'scripts', 'new-dialect.mjs'), name, '--root', root], { encoding: 'utf8', stdio: 'pipe' });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    expect(run('Bad-Name')).toBe(2);
    expect(run('acme')).toBe(2);
  });

  it('type-checks as generated', () => {
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
    // Its test file imports the repository's test helpers (and they the whole server): the dialect's own files are checked here.
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT_DIR, 'tsconfig.json'), include: ['src/dialects/acme'], exclude: ['src/dialects/acme/*.test.ts'] }));
    const tsc = join(ROOT_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(() => execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });
});

describeConformance(acme, conformance, useTestApp({ databaseSchema: 'understudy_scaffold' }, { dialects: [acme] }));
