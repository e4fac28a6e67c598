import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/app.ts';

/** The README's "Testing your integration" example is readme-example.test.ts, character for character. */
describe('README: Testing your integration', () => {
  const readme = readFileSync(`${ROOT_DIR}README.md`, 'utf8');

  it('is the first section after "Quick start"', () => {
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections[sections.indexOf('Quick start') + 1]).toBe('Testing your integration');
  });

  it('shows the code of test/testing/readme-example.test.ts exactly', () => {
    const section = readme.slice(readme.indexOf('## Testing your integration'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(readFileSync(`${ROOT_DIR}test/testing/readme-example.test.ts`, 'utf8'));
  });
});
