import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createSampleTables, SAMPLE_TABLES } from '../../scripts/local-stack/sample-tables';
import { api, localDynamoClient } from '../support/http';
import { sampleFlow } from '../support/flows';
import { stackEnv } from '../support/stack-env';

/**
 * flows/order-notify.asl.json as the docs run it: DynamoDB for real (DynamoDB Local, on a table of
 * the sample's shape made for this test) and SNS mocked by flows/mocks/mock-config.json, whose test
 * cases the test stack reads. The publish is throttled twice by the mock and retried.
 */
const sample = sampleFlow('order-notify.asl.json') as { asl: unknown; substitutions: Record<string, string> };
const table = `orders-${randomUUID().slice(0, 8)}`;
const dynamo = localDynamoClient();

beforeAll(() => createSampleTables(stackEnv('DYNAMODB_ENDPOINT'), [{ ...SAMPLE_TABLES[0]!, TableName: table }]));
afterAll(() => dynamo.destroy());

async function run(input: Record<string, unknown>, testCase: string) {
  const started = await api('POST', '/api/v1/flows/execute', {
    json: {
      ...sample,
      input,
      substitutions: { ...sample.substitutions, OrdersTable: table },
      state_machine_name: 'order-notify',
      test_case: testCase,
    },
  });
  expect([started.status, started.body.error]).toEqual([202, undefined]);
  for (let round = 0; round < 12; round++) {
    const view = await api('GET', `/api/v1/flows/executions/${started.body.execution_id as string}?wait_seconds=10`);
    if (view.body.status !== 'RUNNING') return view.body;
  }
  throw new Error('the order did not end within two minutes');
}

describe('the order sample: DynamoDB Local for real, SNS mocked', () => {
  it('stores the order, reads it back and notifies the customer after two throttled publishes', async () => {
    const view = await run({ order_id: 'E2E-1', customer: 'Ada', amount: 80 }, 'SnsThrottled');
    expect(view.status).toBe('SUCCEEDED');
    expect(view.output).toEqual({
      order_id: 'E2E-1',
      customer: 'Ada',
      amount: 80,
      stored: { status: 'PLACED', amount: 80 },
      notification: { message_id: 'mocked-message-2' },
    });
    const publishes = (view.task_results as Array<{ task_name: string; error_code: string | null }>)
      .filter((step) => step.task_name === 'Notify customer')
      .map((step) => step.error_code);
    expect(publishes).toEqual(['SNS.ThrottledException', 'SNS.ThrottledException', null]);
    const stored = await dynamo.send(
      new GetItemCommand({ TableName: table, Key: { order_id: { S: 'E2E-1' } }, ConsistentRead: true }),
    );
    expect(stored.Item).toEqual({
      order_id: { S: 'E2E-1' },
      customer: { S: 'Ada' },
      amount: { N: '80' },
      status: { S: 'PLACED' },
    });
  });

  it('refuses the same order twice: the conditional write fails, is caught, and ends in OrderExists', async () => {
    await run({ order_id: 'E2E-2', customer: 'Grace', amount: 5 }, 'HappyPath');
    const again = await run({ order_id: 'E2E-2', customer: 'Grace', amount: 5 }, 'HappyPath');
    expect([again.status, again.error_code]).toEqual(['FAILED', 'OrderExists']);
  });
});
