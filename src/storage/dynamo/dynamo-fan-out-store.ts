import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ChildReport } from '../../domain/fan-out/fan-out-progress';
import { applyJoin, failureOf } from '../../engine/fan-out/fan-out-report';
import type {
  FanOut,
  FanOutOpening,
  FanOutRef,
  FanOutStore,
  ItemPage,
  JoinAnswer,
  OpenOutcome,
  RedriveAnswer,
  ReportAnswer,
  StatusAnswer,
} from '../../ports/fan-out-store';
import { appliedReport, refusedRedrive, refusedReport, runningIndexes } from '../fan-out-answers';
import {
  checkItemIndex,
  cutReport,
  type FanOutItem,
  type ItemPageItem,
  itemToFanOut,
  openingItems,
  pageOf,
} from '../fan-out-items';
import { afterRedrive, indexInPage, redriveWrites, type RerunPageItem, rerunPosition } from '../rerun-walk';
import { keys } from '../table-schema';
import { conditionalWithOld, updateExpression } from './conditional-writes';
import { cancellationCodes } from './name-reservations';
import type { StoreOptions } from './dynamo-execution-store';

const DAY_SECONDS = 86_400;
/** Fan-out items and pages outlive the parent that runs on them, as its definition does. */
const LONGEST_RUN_DAYS = 366;
/** Item pages written at once at an entry (each its own conditional put). */
const PAGE_WRITES_AT_ONCE = 16;
/** The counter a child's end adds 1 to (a timeout counts as a failure). */
const COUNTER = { SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'failed', ABORTED: 'aborted' } as const;

/**
 * The FanOutStore port on DynamoDB (docs/decisions/0025-fan-out-as-child-executions.md). Every
 * change is one conditional write on the fan-out item that returns the item (ALL_NEW) or, refused,
 * the item as the refusal found it (ReturnValuesOnConditionCheckFailure: ALL_OLD, which costs no
 * read); the conditions and updates are src/engine/fan-out/fan-out-report.ts's rules, spelled as
 * DynamoDB expressions. Capacity is metered by the client's middleware (capacity-meter.ts), as
 * for every other write.
 */
export class DynamoFanOutStore implements FanOutStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: StoreOptions = { retentionDays: 90 },
  ) {}

  async open(opening: FanOutOpening): Promise<OpenOutcome> {
    const { fanOut, pages, toStart } = openingItems(opening, this.expiresAt(opening.at));
    // Pages first: a fan-out item that exists always has its pages. A page there already is the
    // same page (its key carries the items' hash), so a refused put is no failure.
    for (let i = 0; i < pages.length; i += PAGE_WRITES_AT_ONCE) {
      await Promise.all(pages.slice(i, i + PAGE_WRITES_AT_ONCE).map((page) => this.putNew(page)));
    }
    const written = await this.putNew(fanOut, true);
    if (written.ok) return { opened: true, fanOut: itemToFanOut(fanOut), toStart };
    const stored = itemToFanOut(written.old as unknown as FanOutItem);
    return { opened: false, fanOut: stored, toStart: runningIndexes(stored) };
  }

  async load(ref: FanOutRef): Promise<FanOut | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.fanOut(ref.parentId, ref.seq), ConsistentRead: true }),
    );
    return out.Item && itemToFanOut(out.Item as FanOutItem);
  }

  async recentFanOuts(parentId: string, limit: number): Promise<FanOut[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.executionPartition(parentId), ':prefix': keys.fanOutsPrefix },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((item) => itemToFanOut(item as FanOutItem));
  }

  async itemPage(fanOut: FanOut, index: number): Promise<ItemPage> {
    checkItemIndex(fanOut, index);
    // The page holding `index`: the last one of this evaluation whose first index is not past it.
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :upTo',
        ExpressionAttributeValues: {
          ':pk': keys.executionPartition(fanOut.parentId),
          ':from': keys.itemPagesPrefix(fanOut.seq, fanOut.itemsMark),
          ':upTo': keys.itemPageSk(fanOut.seq, fanOut.itemsMark, index),
        },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const page = out.Items?.[0] as ItemPageItem | undefined;
    if (!page) throw new Error(`fan-out ${fanOut.parentId}/${fanOut.seq} has no page for item ${index}`);
    return pageOf(page);
  }

  async report(ref: FanOutRef, report: ChildReport, at: string): Promise<ReportAnswer> {
    const cut = cutReport(report);
    const failure = failureOf(cut);
    const counter = COUNTER[cut.end];
    const written = await this.update(ref, {
      // reportEnd: the slot takes the next index, the cursor moves on, the end is counted, the first failure kept.
      // The slot is spelled into the expression (a list position cannot be a placeholder): cutReport checked it.
      UpdateExpression: [
        `SET #slots[${cut.slot}] = #next_index, #next_index = #next_index + :one`,
        `#${counter} = #${counter} + :one, #updated_at = :at`,
        ...(failure ? ['#first_failure = if_not_exists(#first_failure, :failure)'] : []),
      ].join(', '),
      // Its slot still runs its index, in this generation: an end counts once.
      ConditionExpression: `#generation = :generation AND #slots[${cut.slot}] = :index`,
      ExpressionAttributeNames: {
        '#slots': 'slots',
        '#next_index': 'next_index',
        [`#${counter}`]: counter,
        '#updated_at': 'updated_at',
        '#generation': 'generation',
        ...(failure && { '#first_failure': 'first_failure' }),
      },
      ExpressionAttributeValues: {
        ':one': 1,
        ':at': at,
        ':generation': cut.generation,
        ':index': cut.index,
        ...(failure && { ':failure': failure }),
      },
    });
    return written.ok ? appliedReport(written.fanOut, cut) : refusedReport(written.old, cut);
  }

  async join(ref: FanOutRef, at: string, seen?: FanOut): Promise<JoinAnswer> {
    let current = seen ?? (await this.load(ref));
    // Each refusal answers the item as it is; counts only grow, so this ends once it is joined or undecided.
    while (current) {
      const join = applyJoin(current);
      if (!join.applied) return { joined: false, fanOut: current };
      const { counts } = current;
      const written = await this.update(ref, {
        UpdateExpression: 'SET #status = :to, #updated_at = :at',
        // Still running, with the very counts the decision was taken on.
        ConditionExpression:
          '#status = :running AND #generation = :generation AND #succeeded = :succeeded AND #failed = :failed AND #aborted = :aborted',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#updated_at': 'updated_at',
          '#generation': 'generation',
          '#succeeded': 'succeeded',
          '#failed': 'failed',
          '#aborted': 'aborted',
        },
        ExpressionAttributeValues: {
          ':to': join.progress.status,
          ':at': at,
          ':running': 'RUNNING',
          ':generation': current.generation,
          ':succeeded': counts.succeeded,
          ':failed': counts.failed,
          ':aborted': counts.aborted,
        },
      });
      if (written.ok) return { joined: true, fanOut: written.fanOut, decision: join.decision };
      current = written.old;
    }
    return { joined: false };
  }

  abort(ref: FanOutRef, at: string): Promise<StatusAnswer> {
    return this.move(ref, 'RUNNING', 'ABORTING', at);
  }

  markAborted(ref: FanOutRef, at: string): Promise<StatusAnswer> {
    return this.move(ref, 'ABORTING', 'ABORTED', at);
  }

  private async move(
    ref: FanOutRef,
    from: FanOutItem['status'],
    to: FanOutItem['status'],
    at: string,
  ): Promise<StatusAnswer> {
    const written = await this.update(ref, {
      UpdateExpression: 'SET #status = :to, #updated_at = :at',
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status', '#updated_at': 'updated_at' },
      ExpressionAttributeValues: { ':to': to, ':from': from, ':at': at },
    });
    return written.ok ? { applied: true, fanOut: written.fanOut } : { applied: false, fanOut: written.old };
  }

  async redrive(ref: FanOutRef, rerun: readonly number[], at: string, resumedBy: number): Promise<RedriveAnswer> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(ref);
      if (current?.status !== 'FAILED' && current?.status !== 'ABORTED') return refusedRedrive(current);
      const writes = redriveWrites(current, rerun, this.expiresAt(at), resumedBy);
      const update = updateExpression({ ...writes.set, updated_at: at }, ['first_failure']);
      try {
        // The pages and the item in one transaction: a losing redrive leaves no page of its own behind.
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...writes.pages.map((page) => ({
                Put: { TableName: this.tableName, Item: page, ConditionExpression: 'attribute_not_exists(pk)' },
              })),
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.fanOut(ref.parentId, ref.seq),
                  UpdateExpression: update.expression,
                  ConditionExpression: '#generation = :read_generation AND #status = :read_status',
                  ExpressionAttributeNames: update.names,
                  ExpressionAttributeValues: {
                    ...update.values,
                    ':read_generation': current.generation,
                    ':read_status': current.status,
                  },
                },
              },
            ],
          }),
        );
        return { applied: true, fanOut: afterRedrive(current, writes, at), toStart: writes.toStart };
      } catch (error) {
        if ((error as Error).name !== 'TransactionCanceledException') throw error;
        // A concurrent redrive won (read again: refused), or only conflicted with this one (try again).
        if (!cancellationCodes(error as Error).includes('TransactionConflict') || attempt === 3)
          return refusedRedrive(await this.load(ref));
      }
    }
  }

  async childIndex(fanOut: FanOut, value: number): Promise<number> {
    const at = rerunPosition(fanOut, value);
    if (!at) return value;
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.rerunPage(fanOut.parentId, fanOut.seq, fanOut.generation, at.page),
        ConsistentRead: true,
      }),
    );
    return indexInPage(out.Item as RerunPageItem | undefined, at.offset, fanOut);
  }

  private expiresAt(at: string): number {
    return Math.floor(Date.parse(at) / 1000) + (this.options.retentionDays + LONGEST_RUN_DAYS) * DAY_SECONDS;
  }

  /** One conditional update of the fan-out item: the item as it left it, or as the refusal found it (absent: none). */
  private async update(
    ref: FanOutRef,
    expression: Pick<
      ConstructorParameters<typeof UpdateCommand>[0],
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<{ ok: true; fanOut: FanOut } | { ok: false; old?: FanOut }> {
    const written = await conditionalWithOld(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.fanOut(ref.parentId, ref.seq),
          ...expression,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    if (written.ok) return { ok: true, fanOut: itemToFanOut(written.out.Attributes as FanOutItem) };
    return { ok: false, ...(written.old && { old: itemToFanOut(written.old as unknown as FanOutItem) }) };
  }

  /** A put on condition that the key is free; refused, it answers the item there (asked for a fan-out item only). */
  private putNew(item: FanOutItem | ItemPageItem, answerOld = false) {
    return conditionalWithOld(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ...(answerOld && { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }),
        }),
      ),
    );
  }
}
