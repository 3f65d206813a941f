import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { hashApiKey } from '../../src/auth/api-keys';
import { createTable, dropIndexes, retiredIndexes, SERVICE_ROOT, tableDrift } from './create-table';
import { type RunningDynamo, startDynamo } from './dynamodb';
import { type ApiKeySource, localApiKey, localFolder, type LocalFolder, prepareLocalFolder } from './local-folder';
import { localEnvironment, startOffline } from './offline';
import { OfflineOutputFilter, READY_LINE } from './offline-output';
import { assertPortFree } from './ports';
import { createSampleTables } from './sample-tables';

/** The stack `npm start` runs: data and key kept in the project's local folder between runs. */
export interface DevStackOptions {
  httpPort: number;
  lambdaPort: number;
  dynamoPort: number;
  /** Delete the kept key, data and log first. */
  fresh: boolean;
  /** Show all of serverless offline's output, not just its errors. */
  verbose: boolean;
  /** FLOW_API_KEY: use this key instead of the kept one. */
  apiKey?: string;
  /** FLOW_API_KEY_HASHES: accept exactly these keys (rotation experiments) instead. */
  acceptedKeyHashes?: string;
  /** Where the lines worth showing go (all of them when verbose). */
  show: (line: string) => void;
  /** Called once if serverless offline or the database stops on its own after start-up. */
  onUnexpectedExit: (reason: string) => void;
  /** The project to run; tests pass a copy of it. */
  serviceRoot?: string;
  /** SFN_MOCK_CONFIG, checked (an absolute path to a mock configuration that parses). */
  mockConfig?: string;
}

export interface DevStack {
  apiUrl: string;
  lambdaEndpoint: string;
  dynamoEndpoint: string;
  dynamoEngine: RunningDynamo['engine'];
  tableName: string;
  folder: LocalFolder;
  apiKey: { key: string; source: ApiKeySource; accepted: boolean };
  stop(): Promise<void>;
}

const STAGE = 'local';
const LOG_TAIL_LINES = 20;
/** Per process, between SIGTERM and SIGKILL, when npm start stops (Ctrl-C must end everything within 5 s). */
const STOP_GRACE_MS = 1500;

export async function startDevStack(o: DevStackOptions): Promise<DevStack> {
  const serviceRoot = o.serviceRoot ?? SERVICE_ROOT;
  // Before touching anything: a busy port would otherwise surface as a timeout, or (DynamoDB)
  // as a stack silently using someone else's database.
  await assertPortFree(o.dynamoPort, 'DYNAMODB_PORT');
  await assertPortFree(o.httpPort, 'FLOW_HTTP_PORT', '127.0.0.1');
  await assertPortFree(o.lambdaPort, 'FLOW_LAMBDA_PORT', '127.0.0.1');

  const folder = localFolder(serviceRoot);
  const releaseFolder = prepareLocalFolder(folder, o.fresh);
  const apiKey = localApiKey(folder, o.apiKey);
  const acceptedKeyHashes = o.acceptedKeyHashes?.trim() || hashApiKey(apiKey.key);
  const accepted = acceptedKeyHashes.split(',').some((hash) => hash.trim().toLowerCase() === hashApiKey(apiKey.key));

  let stopping = false;
  const dynamoEndpoint = `http://127.0.0.1:${o.dynamoPort}`;
  const tableName = localEnvironment({ stage: STAGE, dynamoEndpoint, lambdaEndpoint: '' }).TABLE_NAME!;
  const log = createWriteStream(folder.offlineLog, { flags: 'w' });
  const closeLog = () => new Promise<void>((resolve) => log.end(resolve));
  const errorsOnly = new OfflineOutputFilter();
  let pointedToLog = false;
  const show = (line: string) => {
    if (o.verbose) {
      o.show(line);
      return;
    }
    const shown = errorsOnly.accept(line);
    shown.forEach(o.show);
    if (shown.length > 0 && !pointedToLog && shown.some((line) => !READY_LINE.test(line))) {
      pointedToLog = true;
      // After the burst of lines an error comes with, not in the middle of it.
      const hint = `  (details in ${path.relative(process.cwd(), folder.offlineLog) || folder.offlineLog})`;
      setTimeout(() => stopping || o.show(hint), 300).unref();
    }
  };
  // The database (a JVM) and serverless (loading, then bundling every function) start side by
  // side: one after the other, the JVM's start-up added to the wait. serverless offline waits for
  // the table before it answers or runs a schedule (FLOW_WAIT_FOR_TABLE, the local plugin).
  const abandon = new AbortController();
  const databaseReady = startDynamo({
    port: o.dynamoPort,
    dataDir: folder.dataDir,
    ownProcessGroup: true,
    log: o.show,
    onUnexpectedExit: (reason) => (stopping ? undefined : o.onUnexpectedExit(reason)),
  }).then(async (dynamo) => {
    try {
      await prepareTable(dynamo.endpoint, tableName, serviceRoot, folder.root, o.show);
      await createSampleTables(dynamo.endpoint);
      return dynamo;
    } catch (error) {
      await dynamo.stop();
      throw error;
    }
  });
  databaseReady.catch(() => abandon.abort());
  const offlineReady = startOffline({
    serviceRoot,
    httpPort: o.httpPort,
    lambdaPort: o.lambdaPort,
    dynamoEndpoint,
    stage: STAGE,
    extraEnv: {
      FLOW_API_KEY_HASHES: acceptedKeyHashes,
      FLOW_WAIT_FOR_TABLE: '1',
      SFN_MOCK_CONFIG: o.mockConfig ?? '',
    },
    signal: abandon.signal,
    output: (line) => {
      if (!log.writableEnded) log.write(`${line}\n`);
      if (!stopping) show(line);
    },
  });
  const [database, offlineStart] = await Promise.allSettled([databaseReady, offlineReady]);
  if (database.status === 'rejected' || offlineStart.status === 'rejected') {
    stopping = true;
    if (offlineStart.status === 'fulfilled') await offlineStart.value.stop();
    if (database.status === 'fulfilled') await database.value.stop();
    await closeLog();
    releaseFolder();
    // The database's own failure first: serverless offline was only abandoned because of it.
    const message = (
      (database.status === 'rejected' ? database.reason : (offlineStart as PromiseRejectedResult).reason) as Error
    ).message;
    throw new Error(message.includes('serverless offline') ? `${message}\n${logTail(folder.offlineLog)}` : message);
  }
  const dynamo = database.value;
  const offline = offlineStart.value;

  offline.process.once('exit', (code, signal) => {
    if (stopping) return;
    void closeLog().then(() =>
      o.onUnexpectedExit(
        `serverless offline stopped unexpectedly (${signal ?? `exit code ${code}`}).\n${logTail(folder.offlineLog)}`,
      ),
    );
  });

  return {
    apiUrl: `http://localhost:${o.httpPort}`,
    lambdaEndpoint: offline.lambdaEndpoint,
    dynamoEndpoint: dynamo.endpoint,
    dynamoEngine: dynamo.engine,
    tableName,
    folder,
    apiKey: { ...apiKey, accepted },
    async stop() {
      if (stopping) return;
      stopping = true;
      // serverless offline first: its handlers may still be talking to the database. Each usually
      // stops within half a second of its SIGTERM; the graces keep the whole stop, SIGKILLs
      // included, within the few seconds Ctrl-C promises on a loaded machine. Nothing is lost by
      // a SIGKILL that a crashed Lambda would not lose: every state change is a conditional
      // write, and DynamoDB Local's on-disk store is SQLite, which survives it.
      await offline.stop({ graceMs: STOP_GRACE_MS });
      await dynamo.stop({ graceMs: STOP_GRACE_MS });
      await closeLog();
      releaseFolder();
    },
  };
}

/** Creates the declared table, or checks a kept one against serverless.yml (dropping retired indexes). */
async function prepareTable(
  endpoint: string,
  tableName: string,
  serviceRoot: string,
  folderRoot: string,
  show: (line: string) => void,
): Promise<void> {
  let table = await createTable(endpoint, tableName, serviceRoot);
  const retired = table ? retiredIndexes(table, serviceRoot) : [];
  if (retired.length > 0) {
    table = await dropIndexes(endpoint, tableName, retired);
    show(
      `Removed ${retired.join(', ')} from the kept table: this version no longer uses ${retired.length === 1 ? 'it' : 'them'}.`,
    );
  }
  const drift = table ? tableDrift(table, serviceRoot) : [];
  if (drift.length > 0) {
    throw new Error(
      `the table kept in ${folderRoot} was created from an older serverless.yml (${drift.join('; ')}).\n` +
        'Start with a new one (this deletes the local data and key): npm start -- --fresh',
    );
  }
}

function logTail(file: string): string {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  } catch {
    return '';
  }
  return [`Last lines of ${file}:`, ...lines.slice(-LOG_TAIL_LINES).map((line) => `  ${line}`)].join('\n');
}
