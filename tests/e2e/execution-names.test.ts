import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LIMITS } from '../../src/domain/limits';
import { itemToDefinition } from '../../src/storage/item-mapping';
import { type DefinitionItem, keys } from '../../src/storage/table-schema';
import { api, localDynamoClient } from '../support/http';
import { noopFlowBody } from '../support/flows';
import { stackEnv } from '../support/stack-env';

const WAIT = 'wait_seconds=15';
const EXECUTE = '/api/v1/flows/execute';

/** Stays RUNNING for the whole run: a 30-day wait (12 minutes under the tests' time scale). */
const openFlow = (id: string) => ({
  id,
  name: `${id} flow`,
  start_task: 'hold',
  tasks: [{ name: 'hold', task_type: 'wait', parameters: { seconds: 30 * 86_400 } }],
  conditions: [],
});

const uniqueName = (label: string) => `${label}-${randomUUID()}`;

/** Items of the table that belong to `flowId` (head or definition) or reserve `name`: "nothing written" checks. */
async function itemsOf(flowId: string, name?: string): Promise<number> {
  const client = localDynamoClient();
  let count = 0;
  let start: Record<string, any> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: stackEnv('TABLE_NAME'),
        FilterExpression: 'flow_id = :flow OR sk = :definition OR pk = :name',
        ExpressionAttributeValues: {
          ':flow': { S: flowId },
          ':definition': { S: keys.definition('-').sk },
          ':name': { S: `NAME#${name ?? '-'}` },
        },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    // A definition names its flow only inside its (possibly packed) JSON.
    count += (out.Items ?? [])
      .map((item) => unmarshall(item))
      .filter(
        (item) => item.sk !== keys.definition('-').sk || itemToDefinition(item as DefinitionItem).id === flowId,
      ).length;
    start = out.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return count;
}

async function listByName(name: string) {
  const res = await api('GET', `/api/v1/flows/executions?name_prefix=${encodeURIComponent(name)}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.executions as Array<Record<string, unknown>>;
}

describe('execution names: idempotent starts', () => {
  it('takes a name in the body, shows it on the execution and in the list, and answers a repeat with the same execution (200)', async () => {
    const name = uniqueName('body');
    const flowId = `names-${randomUUID()}`;
    const request = { flow: openFlow(flowId), input: { order: 7 }, name };
    const first = await api('POST', EXECUTE, { json: request });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ execution_id: expect.any(String), name, status: 'RUNNING' });
    const id = first.body.execution_id as string;

    const again = await api('POST', EXECUTE, { json: { ...request, input: { order: 7 } } });
    expect(again.status).toBe(200);
    expect(Object.keys(again.body).sort()).toEqual(Object.keys(first.body).sort());
    expect(again.body).toMatchObject({
      execution_id: id,
      name,
      status: 'RUNNING',
      location: `/api/v1/flows/executions/${id}`,
    });
    expect(again.headers.get('location')).toBe(`/api/v1/flows/executions/${id}`);

    const view = await api('GET', `/api/v1/flows/executions/${id}`);
    expect(view.body).toMatchObject({ execution_id: id, name, status: 'RUNNING' });
    expect(await listByName(name)).toEqual([
      expect.objectContaining({ execution_id: id, name, flow_id: flowId, status: 'RUNNING' }),
    ]);
  });

  it('counts the same input sent with its keys in another order as the same request', async () => {
    const name = uniqueName('order');
    const flow = openFlow(`names-${randomUUID()}`);
    const first = await api('POST', EXECUTE, { json: { flow, input: { a: 1, b: { c: 2, d: 3 } }, name } });
    const again = await api('POST', EXECUTE, { json: { name, input: { b: { d: 3, c: 2 }, a: 1 }, flow } });
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body.execution_id).toBe(first.body.execution_id);
  });

  it('takes the name from the Idempotency-Key header, alone (also for the bare flow shape) or equal to the body’s', async () => {
    const name = uniqueName('header');
    const flowId = `names-${randomUUID()}`;
    const bare = { ...openFlow(flowId), input: { k: 'v' } };
    const first = await api('POST', EXECUTE, { json: bare, headers: { 'Idempotency-Key': name } });
    expect(first.status).toBe(202);
    expect(first.body.name).toBe(name);
    expect((await api('GET', `/api/v1/flows/executions/${first.body.execution_id}`)).body.name).toBe(name);

    const again = await api('POST', EXECUTE, { json: bare, headers: { 'Idempotency-Key': name } });
    expect(again.status).toBe(200);
    expect(again.body.execution_id).toBe(first.body.execution_id);

    const wrapped = { flow: openFlow(flowId), input: { k: 'v' }, name };
    const both = await api('POST', EXECUTE, { json: wrapped, headers: { 'Idempotency-Key': name } });
    expect(both.status).toBe(200);
    expect(both.body.execution_id).toBe(first.body.execution_id);
  });

  it('refuses a body name and a header that differ (400), writing nothing', async () => {
    const flowId = `names-${randomUUID()}`;
    const name = uniqueName('mismatch');
    const res = await api('POST', EXECUTE, {
      json: { flow: openFlow(flowId), name },
      headers: { 'Idempotency-Key': `${name}-other` },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('name_mismatch');
    expect(res.body.error.details.map((d: any) => d.path)).toEqual(['name', 'headers.idempotency-key']);
    expect(await itemsOf(flowId, name)).toBe(0);
  });

  it('answers 409 ExecutionAlreadyExists for the same name with another input or another flow, naming the execution', async () => {
    const name = uniqueName('conflict');
    const flow = openFlow(`names-${randomUUID()}`);
    const first = await api('POST', EXECUTE, { json: { flow, input: { n: 1 }, name } });
    expect(first.status).toBe(202);
    const id = first.body.execution_id as string;

    const otherInput = await api('POST', EXECUTE, { json: { flow, input: { n: 2 }, name } });
    expect(otherInput.status).toBe(409);
    expect(otherInput.body.error).toMatchObject({
      code: 'ExecutionAlreadyExists',
      details: [{ path: 'name', message: `is used by execution ${id}` }],
    });
    expect(otherInput.body.error.message).toContain(id);
    expect(otherInput.body.error.message).toMatch(/different flow or input/);

    const otherFlow = await api('POST', EXECUTE, { json: { flow: { ...flow, max_steps: 50 }, input: { n: 1 }, name } });
    expect(otherFlow.status).toBe(409);
    expect(otherFlow.body.error.code).toBe('ExecutionAlreadyExists');
    expect(otherFlow.body.error.message).toContain(id);

    expect(await listByName(name)).toHaveLength(1);
  });

  it('answers 409 for a name whose execution has closed, even with the same request', async () => {
    const name = uniqueName('closed');
    const request = { flow: noopFlowBody(`names-${randomUUID()}`, 2), input: { x: 1 }, name };
    const done = await api('POST', `${EXECUTE}?${WAIT}`, { json: request });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'SUCCEEDED', name });

    const again = await api('POST', `${EXECUTE}?${WAIT}`, { json: request });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ExecutionAlreadyExists');
    expect(again.body.error.message).toContain(done.body.execution_id);
    expect(again.body.error.message).toMatch(/has ended \(SUCCEEDED\)/);
    expect(await listByName(name)).toEqual([
      expect.objectContaining({ execution_id: done.body.execution_id, status: 'SUCCEEDED' }),
    ]);
  });

  it('starts one execution for two identical requests racing: both get its id', async () => {
    for (let round = 0; round < 3; round++) {
      const name = uniqueName('race');
      const request = { flow: openFlow(`names-${randomUUID()}`), input: { round }, name };
      const answers = await Promise.all([
        api('POST', EXECUTE, { json: request }),
        api('POST', EXECUTE, { json: request }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 202]);
      expect(answers[0].body.execution_id).toBe(answers[1].body.execution_id);
      const listed = await listByName(name);
      expect(listed.map((e) => e.execution_id)).toEqual([answers[0].body.execution_id]);
    }
  });

  it('starts one execution for two requests with different inputs racing under one name: the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const name = uniqueName('race-diff');
      const flow = openFlow(`names-${randomUUID()}`);
      const answers = await Promise.all([
        api('POST', EXECUTE, { json: { flow, input: { side: 'left' }, name } }),
        api('POST', EXECUTE, { json: { flow, input: { side: 'right' }, name } }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
      const winner = answers.find((a) => a.status === 202)!;
      const loser = answers.find((a) => a.status === 409)!;
      expect(loser.body.error.code).toBe('ExecutionAlreadyExists');
      expect(loser.body.error.message).toContain(winner.body.execution_id);
      expect((await listByName(name)).map((e) => e.execution_id)).toEqual([winner.body.execution_id]);
    }
  });

  it('shows name null on executions started without one', async () => {
    const res = await api('POST', `${EXECUTE}?${WAIT}`, { json: noopFlowBody(`names-${randomUUID()}`, 1) });
    expect(res.body.name).toBeNull();
    const flowId = res.body.flow_id as string;
    const listed = await api('GET', `/api/v1/flows/executions?flow_id=${flowId}`);
    expect(listed.body.executions).toEqual([
      expect.objectContaining({ execution_id: res.body.execution_id, name: null }),
    ]);
  });

  describe('bad names: 400 naming the field, nothing written', () => {
    const tooLong = 'n'.repeat(LIMITS.maxNameLength + 1);
    it.each([
      ['empty', '', 'name must not be empty'],
      ['only spaces', '   ', 'name must not be empty'],
      ['a control character', 'a\u0007b', 'name must not contain a control character (U+0007 at index 1)'],
      [
        'a bidirectional control',
        'inv\u202eoice',
        'name must not contain a bidirectional control character (U+202E at index 3)',
      ],
      ['too long', tooLong, `name must be at most ${LIMITS.maxNameLength} characters`],
      ['a number', 42, 'name must be a string'],
      ['null', null, 'name must be a string'],
    ])('in the body: %s', async (_, name, message) => {
      const flowId = `names-bad-${randomUUID()}`;
      const res = await api('POST', EXECUTE, { json: { flow: noopFlowBody(flowId, 1), name } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.details).toEqual([{ path: 'name', message }]);
      expect(await itemsOf(flowId, typeof name === 'string' ? name.trim() : undefined)).toBe(0);
    });

    it('in the header', async () => {
      const flowId = `names-bad-${randomUUID()}`;
      const res = await api('POST', EXECUTE, {
        json: noopFlowBody(flowId, 1),
        headers: { 'Idempotency-Key': tooLong },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        {
          path: 'headers.idempotency-key',
          message: `Idempotency-Key must be at most ${LIMITS.maxNameLength} characters`,
        },
      ]);
      expect(await itemsOf(flowId, tooLong)).toBe(0);
    });

    it('together with the flow’s own problems, in one answer', async () => {
      const flowId = `names-bad-${randomUUID()}`;
      const res = await api('POST', EXECUTE, {
        json: { flow: { ...noopFlowBody(flowId, 1), start_task: 'nope' }, name: '' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: any) => d.path)).toEqual(
        expect.arrayContaining(['name', 'flow.start_task']),
      );
      expect(await itemsOf(flowId)).toBe(0);
    });
  });
});
