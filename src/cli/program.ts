import { Command, InvalidArgumentError, Option } from 'commander';
import { ApiClient, type ExecutionView } from './api-client';
import { CliError, EXIT, type ExitCode, exitCodeForStatus } from './exit-codes';
import { executeRequest, parseFlowRequestFile } from './flow-file';
import { planOf } from './flow-length';
import { followExecution, wholeHistory } from './follow';
import { finalLines, historyLines, listLines, outcomeLine, problemLines, statusLines } from './output-lines';
import { ProgressRenderer, type ProgressStream } from './progress';
import { exportFlowFile } from './export-command';
import { addSavedFlowCommands } from './saved-flow-commands';
import { addCallbackCommand } from './callback-command';
import { addRequestOptions, readRequestOptions, type RequestOptionValues } from './request-options';
import { reportLines, validateFlowFile } from './validate';

/** Where the commands write: the process's streams, or a test's. */
export interface Io {
  out: ProgressStream;
  err: { write(text: string): unknown };
}

interface GlobalOptions {
  apiUrl: string;
  apiKey?: string;
  json?: boolean;
}

const DEFAULT_POLL_MS = 500;

const EXIT_CODES_HELP = `
Environment:
  FLOW_API_URL   the API address (default http://localhost:3000)
  FLOW_API_KEY   the API key (what \`npm start\` prints)

Exit codes:
  0   success (run: the execution SUCCEEDED)
  1   the API refused the request, or a file is unreadable or not a valid flow
  2   usage: unknown command or option, bad option value, no API key
  3   the API could not be reached
  4   internal error: a bug or a broken checkout (FLOW_DEBUG=1 prints the stack trace)
  10  FAILED   11  TIMED_OUT   12  ABORTED   13  CANCELLED   (run, redrive --follow)
  130 interrupted while following (the execution goes on)`;

const wholeNumber = (min: number) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new InvalidArgumentError(`must be a whole number, at least ${min}`);
  return number;
};

/**
 * The `flow` command and its subcommands. Each action returns its exit code through `exit`;
 * errors are thrown and reported by the caller (main.ts), so every command fails the same way.
 */
export function buildProgram(io: Io, exit: (code: ExitCode) => void): Command {
  const program = new Command('flow')
    .description(
      'Command-line client of the Flow Manager API: run flows and follow them, inspect and operate executions.',
    )
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- read when the program is built, by every runner (tsx, esbuild, jest)
    .version((require('../../package.json') as { version: string }).version)
    .addOption(new Option('--api-url <url>', 'API address').env('FLOW_API_URL').default('http://localhost:3000'))
    .addOption(new Option('--api-key <key>', 'API key').env('FLOW_API_KEY'))
    .option('--json', 'machine-readable output: one JSON document on stdout')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) });

  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();
  const clientOf = (options: GlobalOptions) => {
    if (!options.apiKey) throw new CliError('no API key: pass --api-key or set FLOW_API_KEY', EXIT.USAGE);
    return new ApiClient(options.apiUrl, options.apiKey);
  };
  const printJson = (value: unknown) => io.out.write(`${JSON.stringify(value, null, 2)}\n`);
  const printLines = (lines: string[]) => io.out.write(`${lines.join('\n')}\n`);
  const warn = (warnings: ReadonlyArray<{ path: string; message: string }> | undefined) => {
    if (warnings?.length) io.err.write(`${problemLines('warning', warnings).join('\n')}\n`);
  };

  /** Live progress until the execution ends; the exit code says how it ended. */
  const follow = async (
    client: ApiClient,
    executionId: string,
    options: GlobalOptions & { pollMs: number; renderer: ProgressRenderer; afterStep?: number },
  ) => {
    const { renderer } = options;
    const onInterrupt = () => {
      renderer.clear();
      io.err.write(`\nstopped following; execution ${executionId} goes on (flow status ${executionId})\n`);
      process.exit(EXIT.INTERRUPTED);
    };
    process.once('SIGINT', onInterrupt);
    try {
      const final = await followExecution(client, executionId, {
        pollMs: options.pollMs,
        afterStep: options.afterStep,
        onEvents: (events) => !options.json && renderer.events(events),
        onView: (view) => !options.json && renderer.update(view),
      });
      if (options.json) printJson(await client.execution(executionId));
      else renderer.finish(finalLines(final).join('\n'));
      return exitCodeForStatus(final.status);
    } finally {
      process.removeListener('SIGINT', onInterrupt);
    }
  };

  addRequestOptions(
    program
      .command('run')
      .description('start a flow from a JSON file and follow it: one line per step, then the final status')
      .argument(
        '<file>',
        'flow JSON: { flow, input } or the bare flow, as POST /api/v1/flows/execute takes it, or a state machine ({ asl, input } or bare)',
      ),
  )
    .option('--name <name>', 'execution name: starting again with the same name does not start a second execution')
    .option(
      '--test-case <name>',
      "local stack: run on this test case of the stack's mock configuration (SFN_MOCK_CONFIG)",
    )
    .option('--state-machine-name <name>', "with --test-case: the state machine's name in the mock configuration")
    .option('--detach', 'print the execution id and return without following it')
    .option('--poll-interval <ms>', 'how often to look for progress', wholeNumber(50), DEFAULT_POLL_MS)
    .action(
      async (
        file: string,
        options: RequestOptionValues & {
          name?: string;
          testCase?: string;
          stateMachineName?: string;
          detach?: boolean;
          pollInterval: number;
        },
        command: Command,
      ) => {
        const global = globals(command);
        const request = executeRequest(parseFlowRequestFile(file), {
          ...readRequestOptions(options),
          name: options.name,
          testCase: options.testCase,
          stateMachineName: options.stateMachineName,
        });
        const client = clientOf(global);
        const started = await client.startExecution(request);
        warn(started.warnings);
        if (options.detach) {
          if (global.json) printJson(started);
          else io.out.write(`${started.execution_id}\n`);
          return exit(EXIT.OK);
        }
        if (!global.json) io.out.write(`started execution ${started.execution_id}\n`);
        const plan = planOf(request);
        const renderer = new ProgressRenderer(io.out, plan.steps, plan.taskNames);
        exit(await follow(client, started.execution_id, { ...global, pollMs: options.pollInterval, renderer }));
      },
    );

  program
    .command('status')
    .description('show an execution: status, error, timings, each task')
    .argument('<execution-id>')
    .option('--wait <seconds>', 'wait up to this many seconds (at most 20) for it to end', wholeNumber(0))
    .action(async (id: string, options: { wait?: number }, command: Command) => {
      const global = globals(command);
      const view = await clientOf(global).execution(id, { wait_seconds: options.wait });
      if (global.json) printJson(view);
      else printLines(statusLines(view));
      exit(EXIT.OK);
    });

  program
    .command('history')
    .description("print an execution's events, oldest first (every page)")
    .argument('<execution-id>')
    .option('--page-size <n>', 'events per request (the API allows 1 to 1000)', wholeNumber(1), 1000)
    .action(async (id: string, options: { pageSize: number }, command: Command) => {
      const global = globals(command);
      const events = await wholeHistory(clientOf(global), id, options.pageSize);
      if (global.json) printJson({ execution_id: id, events, count: events.length });
      else printLines(events.length > 0 ? historyLines(events) : ['no events']);
      exit(EXIT.OK);
    });

  program
    .command('list')
    .description('list executions, newest first')
    .option('--status <status>', 'only executions with this status (RUNNING, SUCCEEDED, FAILED, …)')
    .option('--flow-id <id>', 'only executions of this flow')
    .option('--name-prefix <prefix>', 'only executions whose name starts with this')
    .option('--started-after <time>', 'only executions started after this time (ISO 8601)')
    .option('--started-before <time>', 'only executions started before this time (ISO 8601)')
    .option('--limit <n>', 'executions per page (the API allows 1 to 100; default 20)', wholeNumber(1))
    .option('--next-token <token>', 'the next page, from the previous one')
    .action(async (options: Record<string, string | number | undefined>, command: Command) => {
      const global = globals(command);
      const page = await clientOf(global).list({
        status: options.status,
        flow_id: options.flowId,
        name_prefix: options.namePrefix,
        started_after: options.startedAfter,
        started_before: options.startedBefore,
        limit: options.limit,
        next_token: options.nextToken,
      });
      if (global.json) printJson(page);
      else {
        printLines(listLines(page));
        if (page.next_token) io.err.write(`more: add --next-token ${page.next_token}\n`);
      }
      exit(EXIT.OK);
    });

  program
    .command('stop')
    .description('stop a running execution: it ends ABORTED, its history is kept and it can be redriven')
    .argument('<execution-id>')
    .option('--error <error>', 'an error name to record as the reason')
    .option('--cause <cause>', 'a longer explanation to record')
    .action(async (id: string, options: { error?: string; cause?: string }, command: Command) => {
      const global = globals(command);
      const view = await clientOf(global).stop(id, options);
      if (global.json) printJson(view);
      else io.out.write(`${outcomeLine(view)}\n`);
      exit(EXIT.OK);
    });

  program
    .command('redrive')
    .description('resume a failed, timed-out or stopped execution from the step that did not succeed')
    .argument('<execution-id>')
    .option('--follow', 'follow it as `run` does, until it ends')
    .option('--poll-interval <ms>', 'how often to look for progress (with --follow)', wholeNumber(50), DEFAULT_POLL_MS)
    .action(async (id: string, options: { follow?: boolean; pollInterval: number }, command: Command) => {
      const global = globals(command);
      const client = clientOf(global);
      const view: ExecutionView = await client.redrive(id);
      if (!options.follow) {
        if (global.json) printJson(view);
        else
          io.out.write(
            `redriven: execution ${view.execution_id} is ${view.status} again after ${view.steps_executed} step(s)\n`,
          );
        return exit(EXIT.OK);
      }
      if (!global.json) io.out.write(`redriven execution ${view.execution_id}\n`);
      const renderer = new ProgressRenderer(
        io.out,
        undefined,
        view.tasks.map((task) => task.name),
      );
      exit(
        await follow(client, id, { ...global, pollMs: options.pollInterval, renderer, afterStep: view.steps_executed }),
      );
    });

  addRequestOptions(
    program
      .command('validate')
      .description('check a flow file locally, as the API would, without a server: every problem with its path')
      .argument('<file>', 'a flow file, or a state machine ({ asl, input } or bare), as `run` takes it'),
  ).action((file: string, options: RequestOptionValues, command: Command) => {
    const report = validateFlowFile(file, readRequestOptions(options));
    if (globals(command).json) printJson(report);
    else printLines(reportLines(report));
    exit(report.valid ? EXIT.OK : EXIT.ERROR);
  });

  program
    .command('export')
    .description(
      'translate a flow file locally into a Step Functions state machine (ASL, JSONata mode), as POST /api/v1/flows/asl does',
    )
    .argument('<file>')
    .action((file: string, _options: unknown, command: Command) => {
      const exported = exportFlowFile(file);
      if (globals(command).json) printJson(exported);
      else {
        printJson(exported.asl);
        warn(exported.warnings);
      }
      exit(EXIT.OK);
    });

  addCallbackCommand(program, {
    out: io.out,
    exit,
    json: (command) => globals(command).json === true,
    clientOf: (command) => clientOf(globals(command)),
    printJson,
  });

  addSavedFlowCommands(program, {
    out: io.out,
    exit,
    json: (command) => globals(command).json === true,
    clientOf: (command) => clientOf(globals(command)),
    printJson,
    warn,
    follow: (command, client, executionId, pollMs, renderer) =>
      follow(client, executionId, { ...globals(command), pollMs, renderer }),
    pollMs: { default: DEFAULT_POLL_MS, parse: wholeNumber(50) },
  });

  return program;
}
