import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Fault-run bookkeeping in the flow table, under its own partition per execution
 * (`CHAOS#<execution id>`), so double runs are counted from the database, not from logs:
 *   sk RUN#<seq>    runs    how many times a task body started for that step
 *   sk CRASH#<seq>  crashes how many injected crashes hit that step
 */
/** The kinds of injected fault the chaos report counts. */
export type FaultKind = 'duplicate' | 'dropped' | 'crashed' | 'invoke_throttled' | 'dynamo_throttled';

export interface StepTally {
  seq: number;
  runs: number;
  crashes: number;
}

const pk = (executionId: string) => `CHAOS#${executionId}`;
/** Fault counters of the whole run (throttling hits calls that belong to no single execution). */
const FAULTS_PK = 'CHAOS_FAULTS';
const pad = (seq: number) => String(seq).padStart(5, '0');

export class ChaosLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  countRun(executionId: string, seq: number): Promise<unknown> {
    return this.add(executionId, `RUN#${pad(seq)}`, 'runs');
  }

  countCrash(executionId: string, seq: number): Promise<unknown> {
    return this.add(executionId, `CRASH#${pad(seq)}`, 'crashes');
  }

  countFault(kind: FaultKind): Promise<unknown> {
    return this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: FAULTS_PK, sk: kind },
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'count' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  async faultCounts(): Promise<Record<FaultKind, number>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': FAULTS_PK },
        ConsistentRead: true,
      }),
    );
    const counts: Record<FaultKind, number> = {
      duplicate: 0,
      dropped: 0,
      crashed: 0,
      invoke_throttled: 0,
      dynamo_throttled: 0,
    };
    for (const item of out.Items ?? []) counts[String(item.sk) as FaultKind] = Number(item.count ?? 0);
    return counts;
  }

  async tally(executionId: string): Promise<StepTally[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk(executionId) },
        ConsistentRead: true,
      }),
    );
    const bySeq = new Map<number, StepTally>();
    for (const item of out.Items ?? []) {
      const [kind, seqText] = String(item.sk).split('#');
      const seq = Number(seqText);
      const entry = bySeq.get(seq) ?? { seq, runs: 0, crashes: 0 };
      if (kind === 'RUN') entry.runs = Number(item.runs ?? 0);
      if (kind === 'CRASH') entry.crashes = Number(item.crashes ?? 0);
      bySeq.set(seq, entry);
    }
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  private add(executionId: string, sk: string, field: string): Promise<unknown> {
    return this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(executionId), sk },
        UpdateExpression: 'ADD #f :one',
        ExpressionAttributeNames: { '#f': field },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }
}
