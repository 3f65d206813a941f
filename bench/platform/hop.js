'use strict';
// The platform floor: bench/hop-handler.ts as plain JavaScript, served by a minimal service of its
// own (no bundler, no source maps, no logger), so the bench can tell what serverless-offline and
// DynamoDB Local cost from what our own build and settings add.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { InvokeCommand, LambdaClient } = require('@aws-sdk/client-lambda');
const { awsClientOptions } = require('./client-options');

const region = process.env.AWS_REGION || 'us-east-1';
const table = process.env.TABLE_NAME;
const self = process.env.HOP_FUNCTION_NAME;
const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient(awsClientOptions({ region, endpoint: process.env.DYNAMODB_ENDPOINT })),
  {
    marshallOptions: { removeUndefinedValues: true },
  },
);
const lambda = new LambdaClient(awsClientOptions({ region, endpoint: process.env.LAMBDA_ENDPOINT }));

exports.handler = async (event) => {
  const pk = `BENCH#${event.chain}`;
  if (event.mode === 'exactly_once') {
    const sk = `HOP#${String(event.hop).padStart(5, '0')}`;
    await dynamo.send(
      new PutCommand({
        TableName: table,
        Item: { pk, sk, status: 'RUNNING', token: 't' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk, sk },
        UpdateExpression: 'SET #s = :done',
        ConditionExpression: '#s = :running AND #t = :t',
        ExpressionAttributeNames: { '#s': 'status', '#t': 'token' },
        ExpressionAttributeValues: { ':done': 'DONE', ':running': 'RUNNING', ':t': 't' },
      }),
    );
  }
  if (event.hop < event.hops) {
    await lambda.send(
      new InvokeCommand({
        FunctionName: self,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify({ ...event, hop: event.hop + 1 })),
      }),
    );
    return;
  }
  await dynamo.send(new PutCommand({ TableName: table, Item: { pk, sk: 'DONE', finished_at: Date.now() } }));
};
