import { describe, expect, it } from 'vitest';
import { useProbeApp } from '../helpers/app.ts';

/** Issue 12: `POST /_understudy/sandboxes {"id"}` (what `serve --fixtures` and `sandbox create --id` use). */
describe('a chosen sandbox id', () => {
  const app = useProbeApp();
  const create = (payload: object) => app.t.call({ method: 'POST', url: '/_understudy/sandboxes', payload });
  const unique = (base: string) => `${base}-${Math.random().toString(36).slice(2, 8)}`;

  it('is the sandbox id (its name too, unless given); taken, it is a 409 and the first sandbox is untouched', async () => {
    const id = unique('chosen');
    const first = await create({ id, fixtures: 'empty' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id, name: id, fixtures: 'empty' });
    const again = await create({ id, name: 'other' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: `sandbox '${id}' exists` });
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${id}` })).body).toEqual(first.body);
  });

  it('two creations of one id at once: one 201, one 409', async () => {
    const id = unique('race');
    const answers = await Promise.all([create({ id }), create({ id })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('letters, digits, - and _, starting with a letter or digit, at most 100: anything else is a 400 naming the field', async () => {
    for (const id of ['', 'has space', '-leading', 'slash/inside', 'ü', 'x'.repeat(101)]) {
      const res = await create({ id });
      expect(res.status, id).toBe(400);
      expect(res.body.error, id).toMatch(/'id'/);
    }
    const ok = await create({ id: unique('A_b-9'), fixtures: 'empty' });
    expect(ok.status).toBe(201);
  });

  it('the service refuses a bad id itself (a caller that does not go through the route)', async () => {
    await expect(app.t.core.sandboxes.create({ id: 'bad id' })).rejects.toThrow(RangeError);
  });
});
