import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError } from '../../src/domain/errors';
import { jsonBody } from '../../src/http/request';

const event = (body: string, isBase64Encoded = false) =>
  ({ body, isBase64Encoded, headers: { 'content-type': 'application/json' } }) as unknown as APIGatewayProxyEventV2;

/** The error jsonBody throws for `text`. */
function refusal(text: string, isBase64Encoded = false): BadRequestError {
  try {
    jsonBody(event(text, isBase64Encoded));
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('expected the body to be refused');
}

describe('jsonBody: a key repeated in one object is a 400 naming it, never last-one-wins', () => {
  it('names a repeated top-level key', () => {
    const error = refusal('{"id":"a","name":"n","id":"b"}');
    expect(error).toMatchObject({
      status: 400,
      code: 'duplicate_key',
      details: [{ path: 'id', message: "duplicate key 'id'" }],
    });
    expect(error.message).toBe("request body repeats key 'id' in one object (at id); each key may appear only once");
  });

  it('names the JSON path of a repeated key deep in a flow', () => {
    const text =
      '{"flow":{"id":"f","tasks":[{"name":"a"},{"name":"b","task_type":"noop","name":"c"}],"conditions":[]},"input":{"x":{"y":1,"y":2}}}';
    expect(refusal(text).details).toEqual([
      { path: 'flow.tasks[1].name', message: "duplicate key 'name'" },
      { path: 'input.x.y', message: "duplicate key 'y'" },
    ]);
  });

  it('compares keys as decoded, so an escaped spelling is the same key', () => {
    expect(refusal('{"name":"a","n\\u0061me":"b"}').details).toEqual([
      { path: 'name', message: "duplicate key 'name'" },
    ]);
    expect(refusal('{"\\ud800":1,"\\ud800":2}').details).toEqual([
      { path: '\ud800', message: "duplicate key '\ud800'" },
    ]);
    expect(refusal('{"":1,"":2}').details).toEqual([{ path: '""', message: "duplicate key ''" }]);
  });

  it('allows the same key in different objects, and equal values under different keys', () => {
    const text = '{"a":{"x":1},"b":{"x":1},"c":[{"x":"x"},{"x":"x"}],"d":"x","e":"x"}';
    expect(jsonBody(event(text))).toEqual(JSON.parse(text));
    expect(refusal('{"a":{"x":1},"c":[{"x":1},{"x":1,"x":2}]}').details).toEqual([
      { path: 'c[1].x', message: "duplicate key 'x'" },
    ]);
  });

  it('finds a repeated key under 40,000 levels of nesting without exhausting the stack', () => {
    const depth = 40_000;
    const text = `${'{"a":'.repeat(depth)}{"k":1,"k":2}${'}'.repeat(depth)}`;
    const [detail] = refusal(text).details!;
    expect(detail!.path).toBe(`${'a.'.repeat(depth)}k`);
  });

  it('reports at most 20 repeated keys, so a hostile body gets a short answer', () => {
    const text = `{${Array.from({ length: 5000 }, (_, i) => `"k${i % 2}":${i}`).join(',')}}`;
    const { details } = refusal(text);
    expect(details).toHaveLength(20);
    expect(details![0]).toEqual({ path: 'k0', message: "duplicate key 'k0'" });
  });

  it('leaves validity to JSON.parse: malformed JSON is invalid_json even with a repeated key; a base64 body is checked too', () => {
    expect(refusal('{"a":1,"a":2').code).toBe('invalid_json');
    expect(refusal(Buffer.from('{"a":1,"a":2}').toString('base64'), true)).toMatchObject({
      code: 'duplicate_key',
      details: [{ path: 'a' }],
    });
  });
});
