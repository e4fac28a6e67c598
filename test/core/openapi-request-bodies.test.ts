import { describe, expect, it } from 'vitest';
import { completeDocument, type OpenApiDescription } from '../../src/core/openapi.ts';

/** `OpenApiDescription.requestBodies`: bodies a dialect validating by hand documents, by operationId. */
describe('OpenAPI: documented request bodies', () => {
  const base: OpenApiDescription = { securitySchemes: {}, security: { default: [] }, errors: [{ status: 422, when: 'body', description: 'Invalid', schema: { type: 'object' } }] };
  const doc = { paths: { '/cards': { post: { responses: { 200: { description: 'ok' } } }, get: { responses: { 200: { description: 'ok' } } } } } };
  const body = { required: true, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } };

  it('puts the body on its operation, which then gets the errors of a body', () => {
    const out = completeDocument(doc, { ...base, requestBodies: { postCards: body } });
    expect(out.paths['/cards'].post.requestBody).toEqual(body);
    expect(Object.keys(out.paths['/cards'].post.responses)).toEqual(['200', '422']);
    expect(out.paths['/cards'].get.requestBody).toBeUndefined();
    expect(Object.keys(out.paths['/cards'].get.responses)).toEqual(['200']);
  });

  it('refuses a body for no operation, and a second body for one that declares its own', () => {
    expect(() => completeDocument(doc, { ...base, requestBodies: { postCard: body } })).toThrow(/'postCard', which is no operation/);
    const declared = { paths: { '/cards': { post: { requestBody: body, responses: { 200: { description: 'ok' } } } } } };
    expect(() => completeDocument(declared, { ...base, requestBodies: { postCards: body } })).toThrow(/declares its body/);
  });
});
