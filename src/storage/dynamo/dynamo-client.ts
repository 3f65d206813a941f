import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AwsClientTarget, awsClientOptions } from '../../config/aws-client-options';

export function createDocumentClient(target: AwsClientTarget): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(awsClientOptions(target)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
