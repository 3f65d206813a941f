import { DomainError } from '../../src/domain/errors';
import {
  agreedExecutionName,
  canonicalJson,
  executionNameSchema,
  startFingerprint,
} from '../../src/domain/execution/execution-name';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { LIMITS } from '../../src/domain/limits';
import { cancellationCodes } from '../../src/storage/dynamo/name-reservations';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { flowDef } from '../support/flows';

const registry = defaultRegistry();
const flow = { id: 'f1', name: 'Flow one', start_task: 'a', tasks: [{ name: 'a', task_type: 'noop' }], conditions: [] };

describe('execution names follow the rule of names', () => {
  const parse = (value: unknown) => executionNameSchema('name').safeParse(value);

  it.each([['order-42'], ['Rechnung 2026/01 #7'], ['名前'], ['x'.repeat(LIMITS.maxNameLength)]])(
    'accepts %j',
    (name) => {
      expect(parse(name)).toEqual({ success: true, data: name });
    },
  );

  it('trims surrounding spaces, as flow and task names are', () => {
    expect(parse('  order-42 ')).toEqual({ success: true, data: 'order-42' });
  });

  it.each([
    ['', 'name must not be empty'],
    ['  ', 'name must not be empty'],
    ['x'.repeat(LIMITS.maxNameLength + 1), `name must be at most ${LIMITS.maxNameLength} characters`],
    ['a\nb', 'name must not contain a control character (U+000A at index 1)'],
    ['a\ud800', 'name must not contain an unpaired surrogate (U+D800 at index 1)'],
    [7, 'name must be a string'],
    [undefined, 'name is required'],
  ])('refuses %j', (value, message) => {
    const out = parse(value);
    expect(out.success).toBe(false);
    expect(out.error!.issues.map((i) => i.message)).toEqual([message]);
  });
});

describe('agreedExecutionName', () => {
  it('takes either source, or both when they agree', () => {
    expect(agreedExecutionName('a', undefined)).toBe('a');
    expect(agreedExecutionName(undefined, 'b')).toBe('b');
    expect(agreedExecutionName('c', 'c')).toBe('c');
    expect(agreedExecutionName(undefined, undefined)).toBeUndefined();
  });

  it('refuses two different names with a 400 naming both places', () => {
    let error: unknown;
    try {
      agreedExecutionName('a', 'b');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 400, code: 'name_mismatch' });
    expect((error as DomainError).details!.map((d) => d.path)).toEqual(['name', 'headers.idempotency-key']);
  });
});

describe('the fingerprint of a named start', () => {
  it('writes JSON with sorted keys at every level, arrays in order, own keys such as __proto__ kept', () => {
    const input = JSON.parse('{"b":[{"z":1,"a":2}],"a":null,"__proto__":{"y":true,"x":"s"}}');
    expect(canonicalJson(input)).toBe('{"__proto__":{"x":"s","y":true},"a":null,"b":[{"a":2,"z":1}]}');
  });

  it('is the same for the same flow and input whatever the key order, and differs when either differs', () => {
    const definition = flowDef({ id: 'f', tasks: ['a', 'b'] });
    const base = startFingerprint(definition, { a: 1, b: { c: [1, 2] } });
    expect(startFingerprint(definition, { b: { c: [1, 2] }, a: 1 })).toBe(base);
    expect(startFingerprint(definition, { a: 1, b: { c: [2, 1] } })).not.toBe(base);
    expect(startFingerprint({ ...definition, max_steps: 5 }, { a: 1, b: { c: [1, 2] } })).not.toBe(base);
  });
});

describe('parseFlowRequest with an execution name', () => {
  it('reads a wrapped request’s name beside flow and input when asked to', () => {
    expect(parseFlowRequest({ flow, input: {}, name: ' run-1 ' }, registry, { executionName: true })).toMatchObject({
      name: 'run-1',
      flow: { name: 'Flow one' },
    });
    expect(parseFlowRequest({ flow }, registry, { executionName: true }).name).toBeUndefined();
  });

  it('keeps `name` of the bare shape as the flow’s own name', () => {
    const out = parseFlowRequest({ ...flow, input: {} }, registry, { executionName: true });
    expect(out.name).toBeUndefined();
    expect(out.flow.name).toBe('Flow one');
  });

  it('refuses a name where the route takes none, as any unknown envelope field', () => {
    expect(() => parseFlowRequest({ flow, name: 'run-1' }, registry)).toThrow(
      expect.objectContaining({
        details: [{ path: 'name', message: "unknown field 'name' (a wrapped request has only 'flow' and 'input')" }],
      }),
    );
  });

  it('reports a bad name together with the flow’s problems', () => {
    expect(() =>
      parseFlowRequest({ flow: { ...flow, start_task: 'zz' }, name: 'a\u0000', extra: 1 }, registry, {
        executionName: true,
      }),
    ).toThrow(
      expect.objectContaining({
        details: expect.arrayContaining([
          { path: 'name', message: 'name must not contain a control character (U+0000 at index 1)' },
          { path: 'extra', message: "unknown field 'extra' (a wrapped request has only 'flow', 'input' and 'name')" },
          expect.objectContaining({ path: 'flow.start_task' }),
        ]),
      }),
    );
  });
});

describe('the outcome of a cancelled name transaction', () => {
  it('reads the reason per write from CancellationReasons, or from the message when an emulator sends only that', () => {
    const withReasons = Object.assign(new Error('Transaction cancelled'), {
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, {}],
    });
    expect(cancellationCodes(withReasons)).toEqual(['ConditionalCheckFailed', 'None', 'None']);
    const messageOnly = new Error(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict, None]',
    );
    expect(cancellationCodes(messageOnly)).toEqual(['None', 'TransactionConflict', 'None']);
    expect(cancellationCodes(new Error('something else'))).toEqual([]);
  });
});
