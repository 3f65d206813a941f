/**
 * `npm start [-- [--fresh] [--verbose]]`: DynamoDB Local + the table from serverless.yml +
 * serverless offline, on http://localhost:3000 unless FLOW_HTTP_PORT says otherwise. The API key,
 * the data and serverless offline's log are kept in .flow-local/ between runs. Ctrl-C stops
 * everything (docs/local-development.md says how, and what happens when it is killed outright).
 *
 * package.json runs it with `node --import tsx`, not with the `tsx` launcher: that launcher passes a
 * signal on and, unless this process acknowledges it within about 60 ms (often missed on a loaded
 * machine), kills it with SIGKILL, which leaves it no chance to stop what it started.
 */
import { banner } from './local-stack/banner';
import { type DevStack, startDevStack } from './local-stack/dev-stack';
import { LOCAL_FOLDER_NAME } from './local-stack/local-folder';
import { checkedMockConfig, mockConfigSummary } from './local-stack/mock-config-check';

const USAGE = `usage: npm start [-- [--fresh] [--verbose]]

  --fresh     delete ${LOCAL_FOLDER_NAME}/ first (the kept API key, the local data and the log)
  --verbose   show all of serverless offline's output here (also FLOW_VERBOSE=1)

  FLOW_HTTP_PORT (3000)  FLOW_LAMBDA_PORT (3002)  DYNAMODB_PORT (8000)
  FLOW_API_KEY           use this API key instead of the one kept in ${LOCAL_FOLDER_NAME}/api-key
  FLOW_API_KEY_HASHES    accept exactly these key hashes instead
  SFN_MOCK_CONFIG        a mock configuration (Step Functions Local's format) for test cases`;

interface StartArguments {
  fresh: boolean;
  verbose: boolean;
}

function parseArguments(args: readonly string[], env: NodeJS.ProcessEnv): StartArguments | 'help' {
  const parsed: StartArguments = { fresh: false, verbose: ['1', 'true'].includes(env.FLOW_VERBOSE ?? '') };
  for (const arg of args) {
    if (arg === '--fresh') parsed.fresh = true;
    else if (arg === '--verbose') parsed.verbose = true;
    else if (arg === '--help' || arg === '-h') return 'help';
    else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  return parsed;
}

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
}

/**
 * npm killed outright (SIGKILL) passes nothing on, and the terminal sends nothing either: the only
 * sign is this process being handed to another parent.
 */
function stopWhenParentIsGone(stop: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, 250);
  timer.unref();
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2), process.env);
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  // The SDK's notice about Node versions concerns the runtime on AWS, not this local tool.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  let stack: DevStack | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    // One Ctrl-C arrives twice: from the terminal to the whole process group, and from npm, which
    // passes it on. A repeat must neither restart nor hurry the stop under way.
    if (stopping) return;
    stopping = true;
    // During start-up there is nothing to stop in order yet: exiting ends every child already
    // started, by SIGTERM (stopWhenThisProcessExits) and by its lifeline (processes.ts).
    await stack?.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  stopWhenParentIsGone(() => void stop(0));

  const mockConfig = checkedMockConfig(process.env.SFN_MOCK_CONFIG);
  console.log(`Starting Flow Manager locally${args.fresh ? ` (fresh: ${LOCAL_FOLDER_NAME}/ deleted)` : ''}…`);
  stack = await startDevStack({
    httpPort: port('FLOW_HTTP_PORT', 3000),
    lambdaPort: port('FLOW_LAMBDA_PORT', 3002),
    dynamoPort: port('DYNAMODB_PORT', 8000),
    fresh: args.fresh,
    verbose: args.verbose,
    apiKey: process.env.FLOW_API_KEY,
    acceptedKeyHashes: process.env.FLOW_API_KEY_HASHES,
    ...(mockConfig !== undefined && { mockConfig }),
    show: (line) => console.error(line),
    onUnexpectedExit: (reason) => {
      console.error(`\n${reason}\nStopping.`);
      void stop(1);
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a signal may have set it while the stack started
  if (stopping) return;
  console.log(banner(stack));
  if (mockConfig !== undefined) console.log(`Mock configuration: ${mockConfigSummary(mockConfig)}\n`);
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
