import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type CreateTableCommandInput,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type TableDescription,
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
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
  if (tables.length !== 1)
    throw new Error(`serverless.yml must declare exactly one DynamoDB table, found ${tables.length}`);
  return tables[0]!.Properties;
}

/** Creates the declared table (same keys and indexes) in a local DynamoDB; no-op if it exists. */
export async function createTable(
  endpoint: string,
  tableName: string,
  serviceRoot = SERVICE_ROOT,
): Promise<TableDescription | undefined> {
  const declared = tableDeclaration(serviceRoot);
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
  let table: TableDescription | undefined;
  for (let i = 0; i < 100; i++) {
    table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    if (table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  client.destroy();
  return table;
}

const keys = (schema: KeySchemaElement[] | undefined) =>
  (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
/** The projection type and, for INCLUDE, the projected attributes in any order. */
const projection = (index: { Projection?: GlobalSecondaryIndex['Projection'] }) =>
  `${index.Projection?.ProjectionType}:${[...(index.Projection?.NonKeyAttributes ?? [])].sort().join(',')}`;

/**
 * How a table kept from an earlier run differs from today's declaration (keys, index names, index
 * keys and projections, projected attributes included): a kept table is never altered, so an index added to serverless.yml
 * since would otherwise show up only as failing queries.
 */
export function tableDrift(existing: TableDescription, serviceRoot = SERVICE_ROOT): string[] {
  const declared = tableDeclaration(serviceRoot) as {
    KeySchema: KeySchemaElement[];
    GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
  };
  const drift: string[] = [];
  if (keys(existing.KeySchema) !== keys(declared.KeySchema))
    drift.push(`key schema is ${keys(existing.KeySchema)}, declared ${keys(declared.KeySchema)}`);
  const found = new Map((existing.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index]));
  for (const index of declared.GlobalSecondaryIndexes ?? []) {
    const twin = found.get(index.IndexName);
    found.delete(index.IndexName);
    if (!twin) drift.push(`index ${index.IndexName} is missing`);
    else if (keys(twin.KeySchema) !== keys(index.KeySchema) || projection(twin) !== projection(index)) {
      drift.push(`index ${index.IndexName} has different keys or projection`);
    }
  }
  for (const name of found.keys()) drift.push(`index ${name} is no longer declared`);
  return drift;
}

/** Indexes of a kept table that serverless.yml no longer declares: nothing reads them any more. */
export function retiredIndexes(existing: TableDescription, serviceRoot = SERVICE_ROOT): string[] {
  const declared = new Set(
    ((tableDeclaration(serviceRoot).GlobalSecondaryIndexes ?? []) as GlobalSecondaryIndex[]).map(
      (index) => index.IndexName,
    ),
  );
  return (existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName!).filter((name) => !declared.has(name));
}

/**
 * Drops indexes from a kept local table, one per update as DynamoDB allows, and answers the table
 * as it is after: a version that stops using an index keeps the user's local data and key.
 */
export async function dropIndexes(
  endpoint: string,
  tableName: string,
  names: string[],
): Promise<TableDescription | undefined> {
  const client = localClient(endpoint);
  let table: TableDescription | undefined;
  try {
    for (const name of names) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }],
        }),
      );
      for (let i = 0; i < 100; i++) {
        table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
        if (!(table?.GlobalSecondaryIndexes ?? []).some((index) => index.IndexName === name)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
  return table;
}
