import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import { ConflictError, PayloadTooLargeError, ValidationError } from '../../src/domain/errors';
import { parseExecutionInput } from '../../src/flow-requests/flow-validation';
import { LIMITS } from '../../src/domain/limits';
import { decideSave, type SavedFlow, tallyStatuses, versionContentHash } from '../../src/domain/saved-flow/saved-flow';
import { isReservedFlowId, savedFlowIdProblem } from '../../src/domain/saved-flow/saved-flow-ids';
import { parseSavedFlowBody } from '../../src/flow-requests/saved-flow-request';
import { flowIdParam, reservedFlowSave } from '../../src/http/flow-id';
import { allowedMethods } from '../../src/http/routes';
import { decodeVersionToken, encodeVersionToken } from '../../src/storage/flow-item-mapping';
import { decodeListToken, encodeListToken, FLOW_CREATED_KEY } from '../../src/storage/list-token';
import { keys } from '../../src/storage/table-schema';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { sampleFlow, sampleFlowFiles } from '../support/flows';
import { bareFlow, thrownDomainError } from '../support/validation-problems';

const registry = defaultRegistry();

const saved = (latest: number, hash: string): SavedFlow => ({
  flow_id: 'f1',
  flow_name: 'F',
  latest_version: latest,
  latest_hash: hash,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-02T00:00:00.000Z',
});

describe('deciding what a save does', () => {
  it('makes version 1 of a new flow, conditional on there being none', () => {
    expect(decideSave(undefined, 'h')).toEqual({ kind: 'append', version: 1, expected: 0 });
  });

  it('returns the latest version for the same content, and appends the next one for other content', () => {
    expect(decideSave(saved(4, 'h'), 'h')).toEqual({ kind: 'existing', version: 4 });
    expect(decideSave(saved(4, 'h'), 'other')).toEqual({ kind: 'append', version: 5, expected: 4 });
  });

  it('refuses a version past the most one flow may have', () => {
    expect(() => decideSave(saved(LIMITS.maxFlowVersions, 'h'), 'other')).toThrow(ConflictError);
  });
});

describe('counting executions per status', () => {
  it('names every status, counts each, and ignores anything else', () => {
    expect(tallyStatuses(['RUNNING', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'bogus', 'toString'])).toEqual({
      PENDING: 0,
      RUNNING: 1,
      SUCCEEDED: 2,
      FAILED: 1,
      CANCELLED: 0,
      ABORTED: 0,
      TIMED_OUT: 0,
    });
  });
});

describe('saved flow ids', () => {
  it('follow the naming rule and must be one path segment', () => {
    for (const ok of ['flow123', 'Data processing flow', 'é-ü 😀', 'x'.repeat(128), '__proto__'])
      expect([ok, savedFlowIdProblem(ok)]).toEqual([ok, undefined]);
    expect(savedFlowIdProblem('')).toBe('must not be empty');
    expect(savedFlowIdProblem('x'.repeat(129))).toBe('must be at most 128 characters');
    expect(savedFlowIdProblem('a\u0007')).toBe('must not contain a control character (U+0007 at index 1)');
    expect(savedFlowIdProblem(' padded')).toBe('must not start or end with whitespace');
    expect(savedFlowIdProblem('a/b')).toMatch(/must not contain '\/'/);
  });

  it('may not be one of the fixed paths under /api/v1/flows/', () => {
    for (const id of ['executions', 'execute', 'graph', 'asl']) expect(isReservedFlowId(id)).toBe(true);
    for (const id of ['Executions', 'execute2', 'flows']) expect(isReservedFlowId(id)).toBe(false);
  });

  const event = (method: string, rawPath: string, flowId: string) =>
    ({
      rawPath,
      pathParameters: { flow_id: flowId },
      requestContext: { http: { method } },
    }) as unknown as APIGatewayProxyEventV2;

  it('are read from the path, refused with a 400 naming path.flow_id', () => {
    expect(flowIdParam(event('GET', '/api/v1/flows/f1', 'f1'))).toBe('f1');
    expect(thrownDomainError(() => flowIdParam(event('GET', '/api/v1/flows/%20x', ' x')))).toMatchObject({
      status: 400,
      code: 'invalid_flow_id',
      details: [{ path: 'path.flow_id', message: 'must not start or end with whitespace' }],
    });
    expect(thrownDomainError(() => flowIdParam(event('PUT', '/api/v1/flows/graph', 'graph')))).toMatchObject({
      status: 400,
      code: 'invalid_flow_id',
      details: [{ path: 'path.flow_id' }],
    });
    expect(thrownDomainError(() => flowIdParam(event('PUT', '/api/v1/flows/execute', 'execute')))).toMatchObject({
      status: 400,
      code: 'invalid_flow_id',
    });
    expect(thrownDomainError(() => flowIdParam(event('POST', '/api/v1/flows/asl/executions', 'asl')))).toMatchObject({
      status: 400,
      code: 'invalid_flow_id',
    });
  });

  it('keep the fixed paths’ own answers for methods other than saving', () => {
    expect(thrownDomainError(() => flowIdParam(event('GET', '/api/v1/flows/execute', 'execute')))).toMatchObject({
      status: 405,
      headers: { Allow: 'POST' },
    });
    expect(reservedFlowSave('PUT', '/api/v1/flows/executions')).toMatchObject({ status: 400, code: 'invalid_flow_id' });
    expect(reservedFlowSave('DELETE', '/api/v1/flows/executions')).toBeUndefined();
    expect(reservedFlowSave('PUT', '/api/v1/flows/mine')).toBeUndefined();
  });
});

describe('routes', () => {
  it('prefer a fixed path to a variable one when both match', () => {
    expect(allowedMethods('/api/v1/flows/execute')).toEqual(['POST']);
    expect(allowedMethods('/api/v1/flows/executions')).toEqual(['GET']);
    expect(allowedMethods('/api/v1/flows/my-flow')).toEqual(['PUT', 'GET']);
    expect(allowedMethods('/api/v1/flows/my-flow/executions')).toEqual(['POST']);
    expect(allowedMethods('/api/v1/flows')).toEqual(['GET']);
    expect(allowedMethods('/api/v1/flows/executions/abc')).toEqual(['GET']);
    expect(allowedMethods('/api/v2/nothing')).toEqual([]);
  });
});

describe('the body of a save', () => {
  it('is validated as a posted flow, in both shapes, with the id taken from the path when left out', () => {
    const { id: _id, ...withoutId } = bareFlow();
    const asPosted = parseSavedFlowBody('f1', bareFlow(), registry).flow;
    expect(parseSavedFlowBody('f1', withoutId, registry).flow).toEqual(asPosted);
    expect(parseSavedFlowBody('f1', { flow: withoutId }, registry).flow).toEqual(asPosted);
    expect(definitionHash(parseSavedFlowBody('f1', { flow: bareFlow() }, registry).flow)).toBe(
      definitionHash(asPosted),
    );
  });

  it('names an id other than the path’s, and a bad input, together with the flow’s own problems', () => {
    const error = thrownDomainError(() =>
      parseSavedFlowBody('f1', { ...bareFlow({ id: 'f2', start_task: 'zz' }), input: [] }, registry),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details!.map((d) => d.path)).toEqual(['id', 'input', 'start_task']);
    expect(error.details![0]!.message).toBe("must be the flow id in the path ('f1'), or left out");
    const wrapped = thrownDomainError(() => parseSavedFlowBody('f1', { flow: bareFlow({ id: 'f2' }) }, registry));
    expect(wrapped.details).toEqual([
      { path: 'flow.id', message: "must be the flow id in the path ('f1'), or left out" },
    ]);
    expect(thrownDomainError(() => parseSavedFlowBody('f1', [], registry)).details).toEqual([
      { path: 'body', message: 'must be a JSON object' },
    ]);
  });
});

describe('what a save keeps besides the flow', () => {
  it('keeps an input, in either shape, as the default input; an empty one is none', () => {
    expect(parseSavedFlowBody('f1', { flow: bareFlow(), input: { order: 7 } }, registry).defaultInput).toEqual({
      order: 7,
    });
    expect(parseSavedFlowBody('f1', { ...bareFlow(), input: { order: 7 } }, registry)).toMatchObject({
      flow: { id: 'f1', tasks: [{ name: 'a' }, { name: 'b' }] },
      defaultInput: { order: 7 },
    });
    expect(parseSavedFlowBody('f1', { flow: bareFlow(), input: {} }, registry)).not.toHaveProperty('defaultInput');
    expect(parseSavedFlowBody('f1', bareFlow(), registry)).not.toHaveProperty('defaultInput');
    const tooBig = { flow: bareFlow(), input: { blob: 'x'.repeat(LIMITS.maxInputBytes) } };
    expect(thrownDomainError(() => parseSavedFlowBody('f1', tooBig, registry))).toBeInstanceOf(PayloadTooLargeError);
  });

  it('hashes a version with a default input apart from the same definition without one, and without one as the definition', () => {
    const hash = definitionHash(parseSavedFlowBody('f1', bareFlow(), registry).flow);
    expect(versionContentHash(hash)).toBe(hash);
    expect(versionContentHash(hash, { order: 7 })).toMatch(/^[0-9a-f]{64}$/);
    expect(versionContentHash(hash, { order: 7 })).not.toBe(hash);
    expect(versionContentHash(hash, { order: 7 })).not.toBe(versionContentHash(hash, { order: 8 }));
    expect(versionContentHash(hash, { order: 7 })).toBe(versionContentHash(hash, { order: 7 }));
  });

  it('saves every sample in flows/ as it is, each under its own flow id', () => {
    const samples = sampleFlowFiles();
    expect(samples.length).toBeGreaterThanOrEqual(7);
    const ids = samples.map((file) => {
      const body = sampleFlow(file);
      const flow = (body.flow ?? body) as { id: string };
      const saved = parseSavedFlowBody(flow.id, body, registry);
      expect([file, saved.flow.id]).toEqual([file, flow.id]);
      const input = body.input as Record<string, unknown> | undefined;
      expect([file, saved.defaultInput]).toEqual([file, input && Object.keys(input).length > 0 ? input : undefined]);
      return flow.id;
    });
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated).toEqual([]);
  });
});

describe('a state machine saved as a flow', () => {
  const machine = {
    Comment: 'Greet then pause',
    QueryLanguage: 'JSONata',
    StartAt: 'Greet',
    States: {
      Greet: { Type: 'Task', Resource: 'flow:print', Arguments: { message: 'hello' }, Next: 'Pause' },
      Pause: { Type: 'Wait', Seconds: 1, End: true },
    },
  };

  it('is read as execute reads it, saved under the path’s id with its input as the default input', () => {
    const saved = parseSavedFlowBody('greeter', { asl: machine, input: { who: 'Ada' } }, registry);
    expect(saved.flow).toMatchObject({ id: 'greeter', name: 'Greet then pause', start_task: 'Greet' });
    expect(saved.flow.tasks.map((t) => [t.name, t.task_type])).toEqual([
      ['Greet', 'print'],
      ['Pause', 'wait'],
    ]);
    expect(saved.defaultInput).toEqual({ who: 'Ada' });
    // The same machine under another id is the same flow but for its id.
    expect({ ...parseSavedFlowBody('other', { asl: machine }, registry).flow, id: 'greeter' }).toEqual(saved.flow);
  });

  it('names its problems by their place in the definition', () => {
    const broken = { ...machine, States: { ...machine.States, Pause: { Type: 'Map', End: true } } };
    expect(
      thrownDomainError(() => parseSavedFlowBody('greeter', { asl: broken }, registry)).details!.map((d) => d.path),
    ).toEqual(['asl.States.Pause.ItemProcessor']);
  });

  it('sent bare is refused with a 400 naming its fields and saying to wrap it in { "asl": … }', () => {
    const error = thrownDomainError(() => parseSavedFlowBody('greeter', machine, registry));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('{ "asl": <the state machine>');
    expect(error.details!.map((d) => d.path)).toEqual(['StartAt', 'States']);
    expect(error.details![0]!.message).toContain('{ "asl": <the state machine>, "input": {…} }');
  });
});

describe('an input on its own', () => {
  it('is held to the rules of an input beside a posted flow', () => {
    expect(parseExecutionInput(undefined)).toEqual({});
    expect(parseExecutionInput({ a: [1] })).toEqual({ a: [1] });
    expect(thrownDomainError(() => parseExecutionInput('x')).details).toEqual([
      { path: 'input', message: 'input must be a JSON object' },
    ]);
    expect(thrownDomainError(() => parseExecutionInput(JSON.parse('{"a":{"__proto__":1}}'))).details).toEqual([
      { path: 'input.a.__proto__', message: "key '__proto__' is not allowed" },
    ]);
    expect(thrownDomainError(() => parseExecutionInput({ blob: 'x'.repeat(LIMITS.maxInputBytes) }))).toBeInstanceOf(
      PayloadTooLargeError,
    );
  });
});

describe('keys and tokens of saved flows', () => {
  it('orders versions numerically by their sort keys', () => {
    expect(keys.flowVersion('f', 7)).toEqual({ pk: 'FLOW#f', sk: 'VERSION#000007' });
    const sks = [1, 9, 10, 99, 100, 999_999].map(keys.versionSk);
    expect([...sks].sort()).toEqual(sks);
  });

  it('pages versions with a token that only the same flow accepts', () => {
    const token = encodeVersionToken('f1', 5);
    expect(decodeVersionToken(token, 'f1')).toBe(5);
    expect(thrownDomainError(() => decodeVersionToken(token, 'f2'))).toMatchObject({
      code: 'invalid_next_token',
      details: [{ path: 'query.next_token' }],
    });
  });

  it('pages the flow list with a token that an execution listing refuses', () => {
    const boundary = keys.createdKey('2026-01-01T00:00:00.000Z', 'Data processing flow');
    const token = encodeListToken({ index: 'by_created', value: 'FLOWS' }, boundary);
    expect(decodeListToken(token, { index: 'by_created', value: 'FLOWS' }, FLOW_CREATED_KEY)).toBe(boundary);
    expect(thrownDomainError(() => decodeListToken(token, { index: 'by_created', value: 'EXECUTIONS' }))).toMatchObject(
      { code: 'invalid_next_token' },
    );
  });
});
