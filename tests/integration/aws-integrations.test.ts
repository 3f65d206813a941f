import { randomUUID } from 'node:crypto';
import { CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { api, localDynamoClient } from '../support/http';

/**
 * AWS service integrations on the local stack (docs/integrations.md): state machines calling
 * DynamoDB through the optimized integrations and through aws-sdk, for real, against DynamoDB
 * Local (the local stage allows every integration), with Step Functions' result shapes and error
 * names, which catchers match.
 */
const dynamo = localDynamoClient();
const table = `integration-orders-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
afterAll(() => dynamo.destroy());

/** Runs a state machine through the API and returns its execution once it has ended. */
async function run(asl: unknown, input: unknown) {
  const started = await api('POST', '/api/v1/flows/execute', { json: { asl, input } });
  expect([started.status, started.body.error]).toEqual([202, undefined]);
  for (let round = 0; round < 6; round++) {
    const view = await api('GET', `/api/v1/flows/executions/${started.body.execution_id}?wait_seconds=10`);
    if (view.body.status !== 'RUNNING') return view.body;
  }
  throw new Error('the execution did not end within a minute');
}

describe('DynamoDB integrations against DynamoDB Local', () => {
  it('puts an item, gets it back, and catches a conditional put that fails by its error name', async () => {
    const asl = {
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: {
            TableName: table,
            Item: { id: { 'S.$': '$.id' }, total: { 'N.$': 'States.JsonToString($.total)' } },
          },
          ResultPath: '$.put',
          Next: 'Get',
        },
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Parameters: { TableName: table, Key: { id: { 'S.$': '$.id' } }, ConsistentRead: true },
          ResultPath: '$.got',
          Next: 'PutAgain',
        },
        PutAgain: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem',
          Parameters: {
            TableName: table,
            Item: { id: { 'S.$': '$.id' } },
            ConditionExpression: 'attribute_not_exists(id)',
          },
          Catch: [
            { ErrorEquals: ['DynamoDb.ConditionalCheckFailedException'], ResultPath: '$.conflict', Next: 'Done' },
          ],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const execution = await run(asl, { id: 'order-1', total: 42 });
    expect([execution.status, execution.error_code, execution.error]).toEqual(['SUCCEEDED', null, null]);
    const { put, got, conflict } = execution.output;
    // The optimized integrations' results: the response (none for a put), with the HTTP answer's metadata.
    expect(put).toEqual({
      SdkHttpMetadata: {
        AllHttpHeaders: expect.any(Object),
        HttpHeaders: expect.any(Object),
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(got).toMatchObject({
      Item: { id: { S: 'order-1' }, total: { N: '42' } },
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(conflict).toEqual({
      Error: 'DynamoDb.ConditionalCheckFailedException',
      Cause: expect.stringMatching(/conditional request failed.*\(Service: DynamoDb, Status Code: 400/i),
    });
    // The item is really in DynamoDB Local.
    const stored = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'order-1' } } }));
    expect(stored.Item).toEqual({ id: { S: 'order-1' }, total: { N: '42' } });
  }, 90_000);

  it('JSONata: an aws-sdk call on a missing table is caught by its name; the optimized form by its own', async () => {
    const asl = {
      QueryLanguage: 'JSONata',
      StartAt: 'Missing',
      States: {
        Missing: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem',
          Arguments: { TableName: `${table}-missing`, Key: { id: { S: '{% $states.input.id %}' } } },
          Catch: [
            {
              ErrorEquals: ['DynamoDb.ResourceNotFoundException'],
              Output: '{% $merge([$states.input, { "missing": $states.errorOutput.Error }]) %}',
              Next: 'Conditional',
            },
          ],
          Next: 'Conditional',
        },
        Conditional: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:updateItem',
          Arguments: {
            TableName: table,
            Key: { id: { S: '{% $states.input.id %}' } },
            UpdateExpression: 'SET amount = :amount',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: { ':amount': { N: '1' } },
          },
          Catch: [
            {
              ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
              Output: '{% { "missing": $states.input.missing, "conditional": $states.errorOutput.Error } %}',
              Next: 'Done',
            },
          ],
          Output: 'updated',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const execution = await run(asl, { id: 'order-never-written' });
    expect([execution.status, execution.error]).toEqual(['SUCCEEDED', null]);
    expect(execution.output).toEqual({
      missing: 'DynamoDb.ResourceNotFoundException',
      conditional: 'DynamoDB.ConditionalCheckFailedException',
    });
  }, 90_000);
});
