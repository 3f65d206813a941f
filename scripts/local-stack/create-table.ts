import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CreateTableCommandInput, CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';
import { localClient } from './dynamodb';

export const SERVICE_ROOT = path.resolve(__dirname, '..', '..');

interface TableResource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** The table exactly as serverless.yml declares it for AWS (TableName aside). */
export function tableDeclaration(serviceRoot = SERVICE_ROOT): TableResource['Properties'] {
  const config = parse(readFileSync(path.join(serviceRoot, 'serverless.yml'), 'utf8')) as {
    resources: { Resources: Record<string, TableResource> };
  };
  const tables = Object.values(config.resources.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
  if (tables.length !== 1) throw new Error(`serverless.yml must declare exactly one DynamoDB table, found ${tables.length}`);
  return tables[0]!.Properties;
}

/** Creates the declared table (same keys and indexes) in a local DynamoDB; no-op if it exists. */
export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const declared = tableDeclaration();
  const input = {
    TableName: tableName,
    BillingMode: declared.BillingMode,
    AttributeDefinitions: declared.AttributeDefinitions,
    KeySchema: declared.KeySchema,
    GlobalSecondaryIndexes: declared.GlobalSecondaryIndexes,
  } as CreateTableCommandInput;
  const client = localClient(endpoint);
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  for (let i = 0; i < 100; i++) {
    const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (table.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  client.destroy();
}
