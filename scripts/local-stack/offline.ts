import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_ROOT } from './create-table';
import { FatalWaitError, waitFor } from './ports';
import { stopProcess, stopWhenThisProcessExits } from './processes';

export interface RunningOffline {
  apiUrl: string;
  lambdaEndpoint: string;
  stepFunctionName: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface OfflineOptions {
  httpPort: number;
  lambdaPort: number;
  dynamoEndpoint: string;
  stage: string;
  /** Where serverless-offline's output goes: inherited (npm start) or a line callback (tests). */
  output: 'inherit' | ((line: string) => void);
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
}

export const SERVICE_NAME = 'flow-manager';

/** Environment shared by the offline process and by tests that build services in-process. */
export function localEnvironment(o: { stage: string; dynamoEndpoint: string; lambdaEndpoint: string }): Record<string, string> {
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
    ...o.extraEnv,
  };
  // A service folder without node_modules of its own (the platform floor) uses this project's.
  const serverless = require.resolve('serverless/bin/serverless.js', { paths: [serviceRoot, SERVICE_ROOT] });
  const child = spawn(
    process.execPath,
    [
      serverless, 'offline', 'start', '--stage', o.stage, '--host', '127.0.0.1',
      '--httpPort', String(o.httpPort), '--lambdaPort', String(o.lambdaPort),
      ...(o.localEnvironment ? ['--localEnvironment'] : []),
    ],
    { cwd: serviceRoot, env, detached: true, stdio: o.output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] },
  );
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
  const stop = () =>
    stopProcess(child, { group: true }).then(() => {
      forget();
      rmSync(path.join(serviceRoot, buildFolder), { recursive: true, force: true });
    });
  try {
    const probe = o.readyWhen === 'lambda' ? { url: `${lambdaEndpoint}/`, ok: () => true } : { url: `${apiUrl}/health`, ok: (status: number) => status === 200 };
    await waitFor(
      `serverless offline on ${probe.url}`,
      async () => {
        if (exited) throw new FatalWaitError('serverless offline exited during start-up');
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
