import { describe, expect, it } from 'vitest';
import { flatten } from './contract.ts';
import { readOutreachError } from './errors.ts';

describe('readOutreachError', () => {
  it("reads JSON:API errors[]: title and detail, the first error's id as the type", () => {
    const info = readOutreachError(422, JSON.stringify({ errors: [{ id: 'validationError', title: 'Validation Error', detail: 'Owner 2 is locked' }] }), 'Unprocessable Entity');
    expect(info).toMatchObject({ message: 'Validation Error: Owner 2 is locked', type: 'validationError' });
  });

  it('joins several errors and keeps them as data', () => {
    const info = readOutreachError(400, JSON.stringify({ errors: [{ title: 'Bad', detail: 'a' }, { title: 'Bad', detail: 'b' }] }), 'Bad Request');
    expect(info.message).toBe('Bad: a; Bad: b');
    expect(info.data).toHaveLength(2);
  });

  it('says a 415 is a bug in topo', () => {
    expect(readOutreachError(415, JSON.stringify({ errors: [{ title: 'Unsupported Media Type' }] }), '').message).toMatch(/a bug in topo/);
  });

  it("reads OAuth's {error, error_description}, an older {message} and an HTML page", () => {
    expect(readOutreachError(400, JSON.stringify({ error: 'invalid_grant', error_description: 'revoked' }), '')).toMatchObject({ message: 'revoked', type: 'invalid_grant' });
    expect(readOutreachError(500, JSON.stringify({ message: 'boom' }), '').message).toBe('boom');
    expect(readOutreachError(502, '<html><title>Bad Gateway</title></html>', 'Bad Gateway').message).toMatch(/Bad Gateway.*not JSON/);
  });
});

describe('flatten', () => {
  it('puts attributes beside id and type and relationships as <name>Id / <name>Ids; unknown ones pass through', () => {
    expect(flatten({ type: 'task', id: 7, attributes: { state: 'incomplete', brandNew: 1 }, relationships: { owner: { data: { type: 'user', id: 3 } }, prospect: { data: null }, calls: { data: [{ type: 'call', id: 9 }] }, mailing: {} } }))
      .toEqual({ id: 7, type: 'task', state: 'incomplete', brandNew: 1, ownerId: 3, prospectId: null, callsIds: [9] });
  });

  it("keeps the resource's id and type first and over attributes of those names; an attribute named __proto__ is data", () => {
    const flat = flatten(JSON.parse('{"type":"task","id":7,"attributes":{"note":"n","id":99,"type":"x","__proto__":{"polluted":true}}}'));
    expect(Object.keys(flat)).toEqual(['id', 'type', 'note', '__proto__']);
    expect(flat).toMatchObject({ id: 7, type: 'task', note: 'n' });
    expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
    expect((flat as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
