import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_ROOT } from './create-table';
import { FatalWaitError, waitFor } from './ports';
import { holdLifeline, LIFELINE_MODULE, stopProcess, stopWhenThisProcessExits, withLifeline } from './processes';

export interface RunningOffline {
  apiUrl: string;
  lambdaEndpoint: string;
  stepFunctionName: string;
  process: ChildProcess;
  /** SIGTERM to its process group, SIGKILL after `graceMs` (5 s by default). */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface OfflineOptions {
  httpPort: number;
  lambdaPort: number;
  dynamoEndpoint: string;
  stage: string;
  /**
   * Where serverless-offline's output goes: inherited (npm start), a line callback (tests), or
   * nowhere (the bench, which would otherwise read and drop a line per invocation on the cores
   * it measures).
   */
  output: 'inherit' | 'ignore' | ((line: string) => void);
  extraEnv?: Record<string, string>;
  /**
   * Pass this process's whole environment to the handlers (serverless-offline's
   * --localEnvironment). Fault injection uses it, so FLOW_FAULTS never appears in serverless.yml.
   */
  localEnvironment?: boolean;
  /** The service to run: this project by default, a copy of it in tests, or the bench's platform-floor service. */
  serviceRoot?: string;
  /** What answers once it is up: the API's /health (default), or only the Lambda endpoint (a service without routes). */
  readyWhen?: 'health' | 'lambda';
  /** Stop waiting, and stop serverless offline, when this aborts (npm start: the database failed meanwhile). */
  signal?: AbortSignal;
}

/**
 * How every local stack (npm start, tests, chaos, bench) runs its handlers: inside
 * serverless-offline's own process, one module instance per function shared by all its
 * invocations, like one warm Lambda instance serving invocation after invocation. Offline's
 * default starts a worker thread, with its own cold start and 30-45 MB, for every concurrent
 * invocation of a busy function: 100 concurrent executions took about 5 GB and most of two cores.
 * AWS never sees these flags. What changes locally, compared with worker threads:
 * - concurrent invocations share module state (ours keeps only clients, validated config and
 *   caches there, never per-invocation state) and process.env (offline copies each function's
 *   environment into it before each call; ours differ only in values nothing reads, and in one
 *   bench-only name read at that function's cold start, right after it was copied);
 * - process.exit in a handler would end the whole stack (the chaos suite's hard crash stops the
 *   invocation instead: src/faults/with-faults.ts);
 * - a handler past its function timeout is reported as timed out but runs on in the background
 *   (a worker would be terminated); task timeouts are enforced in our code, far below it;
 * - a rebuilt bundle is picked up only because serverless-plugins/flow-manager-local.js makes
 *   Node forget the old one;
 * - provider.environment.NODE_OPTIONS reaches no new process or thread, so stack traces are
 *   mapped to the TypeScript sources by the offline process itself (LOCAL_NODE_OPTIONS).
 */
export const OFFLINE_RUNNER_ARGS = ['--useInProcess'];

/**
 * Source maps for the offline process, as serverless.yml asks of AWS. Measured: no cost per
 * invocation; about 0.4 s more start-up and 20-30 MB for the maps (once per function, where
 * worker threads parsed them again on every cold start).
 */
export const LOCAL_NODE_OPTIONS = '--enable-source-maps';

export const SERVICE_NAME = 'flow-manager';

/** Environment shared by the offline process and by tests that build services in-process. */
export function localEnvironment(o: {
  stage: string;
  dynamoEndpoint: string;
  lambdaEndpoint: string;
}): Record<string, string> {
  return {
    TABLE_NAME: `${SERVICE_NAME}-${o.stage}`,
    STEP_FUNCTION_NAME: `${SERVICE_NAME}-${o.stage}-step`,
    DYNAMODB_ENDPOINT: o.dynamoEndpoint,
    LAMBDA_ENDPOINT: o.lambdaEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

/** Runs `serverless offline` (same serverless.yml as AWS) and resolves once /health answers 200. */
export async function startOffline(o: OfflineOptions): Promise<RunningOffline> {
  const lambdaEndpoint = `http://127.0.0.1:${o.lambdaPort}`;
  const apiUrl = `http://127.0.0.1:${o.httpPort}`;
  const buildFolder = `.esbuild-${o.stage}-${o.httpPort}`;
  const serviceRoot = o.serviceRoot ?? SERVICE_ROOT;
  const env = {
    ...process.env,
    ...localEnvironment({ stage: o.stage, dynamoEndpoint: o.dynamoEndpoint, lambdaEndpoint }),
    FLOW_HTTP_PORT: String(o.httpPort),
    FLOW_LAMBDA_PORT: String(o.lambdaPort),
    FLOW_BUILD_FOLDER: buildFolder,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    // The AWS SDK's notice that its 2027 releases will need Node 22, printed by every worker on
    // Node 20: it concerns the runtime on AWS (nodejs22.x), not the local stack.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: [process.env.NODE_OPTIONS, LOCAL_NODE_OPTIONS].filter(Boolean).join(' '),
    ...o.extraEnv,
  };
  // A service folder without node_modules of its own (the platform floor) uses this project's.
  const serverless = require.resolve('serverless/bin/serverless.js', { paths: [serviceRoot, SERVICE_ROOT] });
  // Detached: a process group of its own (with esbuild's service), out of reach of a Ctrl-C meant
  // for the parent, which stops it in order. The lifeline ends it if the parent dies first.
  const child = spawn(
    process.execPath,
    [
      '--require',
      LIFELINE_MODULE,
      serverless,
      'offline',
      'start',
      '--stage',
      o.stage,
      '--host',
      '127.0.0.1',
      '--httpPort',
      String(o.httpPort),
      '--lambdaPort',
      String(o.lambdaPort),
      ...OFFLINE_RUNNER_ARGS,
      ...(o.localEnvironment ? ['--localEnvironment'] : []),
    ],
    withLifeline({
      cwd: serviceRoot,
      env,
      detached: true,
      stdio: o.output === 'inherit' || o.output === 'ignore' ? o.output : ['ignore', 'pipe', 'pipe'],
    }),
  );
  holdLifeline(child);
  if (typeof o.output === 'function') {
    const emit = o.output;
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(emit);
      });
    }
  }
  let exited = false;
  child.on('exit', () => (exited = true));
  // Stopped by a signal, serverless-esbuild cannot clean up after itself: remove its build folder.
  // serverless-offline runs handlers in worker threads of its own process group: stop them all.
  const forget = stopWhenThisProcessExits(child, { group: true });
  const stop = (options: { graceMs?: number } = {}) =>
    stopProcess(child, { group: true, ...options }).then(() => {
      forget();
      rmSync(path.join(serviceRoot, buildFolder), { recursive: true, force: true });
    });
  try {
    const probe =
      o.readyWhen === 'lambda'
        ? { url: `${lambdaEndpoint}/`, ok: () => true }
        : { url: `${apiUrl}/health`, ok: (status: number) => status === 200 };
    await waitFor(
      `serverless offline on ${probe.url}`,
      async () => {
        if (exited) throw new FatalWaitError('serverless offline exited during start-up');
        if (o.signal?.aborted) throw new FatalWaitError('start-up abandoned');
        return probe.ok((await fetch(probe.url)).status);
      },
      120_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, lambdaEndpoint, stepFunctionName: `${SERVICE_NAME}-${o.stage}-step`, process: child, stop };
}
