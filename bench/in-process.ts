import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { StepMessage } from '../src/domain/execution/step-message';
import { systemClock } from '../src/ports/clock';
import type { StepDeps } from '../src/service/step-deps';
import { meterCapacity } from '../src/storage/dynamo/capacity-meter';
import { createDocumentClient } from '../src/storage/dynamo/dynamo-client';
import { DynamoExecutionStore } from '../src/storage/dynamo/dynamo-execution-store';
import { DynamoFanOutStore } from '../src/storage/dynamo/dynamo-fan-out-store';
import { defaultRegistry } from '../src/tasks/default-registry';

/**
 * The step code the Lambda runs, wired in-process for measuring: a store on DynamoDB Local whose
 * client counts the capacity every call consumes, and a dispatcher that queues (and counts) the
 * steps it would have invoked, so the caller decides when each runs.
 */
export function meteredInProcess(
  dynamoEndpoint: string,
  tableName: string,
  options: { serviceName: string; timeScale?: number; logLevel?: 'INFO' },
) {
  const client = createDocumentClient({ region: 'us-east-1', endpoint: dynamoEndpoint });
  const totals = meterCapacity(client);
  const queue: StepMessage[] = [];
  const counts = { dispatched: 0 };
  const deps: StepDeps = {
    store: new DynamoExecutionStore(client, tableName),
    fanOuts: new DynamoFanOutStore(client, tableName),
    dispatcher: {
      dispatch: async (m: StepMessage) => {
        counts.dispatched++;
        queue.push(m);
      },
    },
    registry: defaultRegistry(),
    clock: systemClock,
    logger: new Logger({ serviceName: options.serviceName, logLevel: options.logLevel ?? 'SILENT' }),
    newToken: randomUUID,
    leaseMarginSeconds: 15,
    maxStepTakeovers: 3,
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
  };
  return { client, totals, queue, counts, deps };
}

/**
 * Runs `work` with what it writes to stdout and stderr counted instead of printed: the bytes and
 * lines a step's log would send to CloudWatch Logs.
 */
export async function countingOutput<T>(work: () => Promise<T>): Promise<{ result: T; bytes: number; lines: number }> {
  const counted = { bytes: 0, lines: 0 };
  const count = (chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    counted.bytes += Buffer.byteLength(text, 'utf8');
    counted.lines += text.split('\n').filter((line) => line.length > 0).length;
    return true;
  };
  const streams = [process.stdout, process.stderr];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on the same stream below
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) stream.write = count;
  try {
    return { result: await work(), ...counted };
  } finally {
    streams.forEach((stream, i) => (stream.write = originals[i]!));
  }
}
