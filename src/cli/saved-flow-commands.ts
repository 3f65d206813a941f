import { type Command, InvalidArgumentError } from 'commander';
import { isPlainObject } from '../domain/flow/flow-schema';
import type { ApiClient } from './api-client';
import { readRequestOptions } from './request-options';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import { parseFlowRequestFile } from './flow-file';
import { planOf } from './flow-length';
import { ProgressRenderer, type ProgressStream } from './progress';

/** What the saved-flow commands share with the others (program.ts): output, the client, following. */
export interface CommandContext {
  out: ProgressStream;
  exit: (code: ExitCode) => void;
  json: (command: Command) => boolean;
  clientOf: (command: Command) => ApiClient;
  printJson: (value: unknown) => void;
  warn: (warnings: ReadonlyArray<{ path: string; message: string }> | undefined) => void;
  /** Follows an execution to its end as `run` does; resolves to the exit code of how it ended. */
  follow: (
    command: Command,
    client: ApiClient,
    executionId: string,
    pollMs: number,
    renderer: ProgressRenderer,
  ) => Promise<ExitCode>;
  pollMs: { default: number; parse: (value: string) => number };
}

const positiveWholeNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number, at least 1');
  return number;
};

/**
 * The file's body and the flow id to save it under: `--id` wins (the file's own `id` is then left
 * out: the path names the flow), else the flow's `id`; a state machine has none of its own.
 */
export function saveRequest(document: unknown, id: string | undefined): { flowId: string; body: unknown } {
  if (!isPlainObject(document)) return { flowId: id ?? '', body: document };
  const wrapped = isPlainObject(document.flow);
  const flow = wrapped ? (document.flow as Record<string, unknown>) : document;
  if (id !== undefined) {
    if (Object.hasOwn(document, 'asl') || !Object.hasOwn(flow, 'id')) return { flowId: id, body: document };
    const { id: _fileId, ...withoutId } = flow;
    return { flowId: id, body: wrapped ? { ...document, flow: withoutId } : withoutId };
  }
  if (typeof flow.id === 'string' && flow.id.trim() !== '' && !Object.hasOwn(document, 'asl'))
    return { flowId: flow.id.trim(), body: document };
  const what = Object.hasOwn(document, 'asl') ? 'a state machine has no flow id of its own' : 'the flow has no "id"';
  throw new CliError(`${what}: give the id to save it under with --id`, EXIT.USAGE);
}

/** `flow save FILE [--id]` and `flow start FLOW_ID [--input …]`: saved flows, registered once and started by id. */
export function addSavedFlowCommands(program: Command, ctx: CommandContext): void {
  program
    .command('save')
    .description(
      'save a flow file as a new version of a saved flow (PUT /api/v1/flows/{id}); its input becomes the default input',
    )
    .argument(
      '<file>',
      'what `run` takes: a flow ({ flow, input } or bare) or a state machine ({ asl, input }, or bare as `export` writes it)',
    )
    .option('--id <flow-id>', "the flow id to save it under (default: the flow's own id; required for a state machine)")
    .action(async (file: string, options: { id?: string }, command: Command) => {
      const { flowId, body } = saveRequest(parseFlowRequestFile(file), options.id);
      const saved = await ctx.clientOf(command).saveFlow(flowId, body);
      ctx.warn(saved.warnings);
      if (ctx.json(command)) ctx.printJson(saved);
      else if (saved.created)
        ctx.out.write(`saved flow ${saved.flow_id} version ${saved.version} (${saved.flow_name})\n`);
      else ctx.out.write(`flow ${saved.flow_id} version ${saved.version} already has this definition: nothing saved\n`);
      ctx.exit(EXIT.OK);
    });

  program
    .command('start')
    .description('start a saved flow and follow it as `run` does (POST /api/v1/flows/{id}/executions)')
    .argument('<flow-id>')
    .option('--input <json>', "the execution input (a JSON object); default: the version's default input, else {}")
    .option('--input-file <file>', 'the execution input from a JSON file')
    .option('--version <n>', 'the version to start (default: the latest)', positiveWholeNumber)
    .option('--name <name>', 'execution name: starting again with the same name does not start a second execution')
    .option(
      '--test-case <name>',
      "local stack: run on this test case of the mock configuration (listed under the flow's id)",
    )
    .option('--detach', 'print the execution id and return without following it')
    .option('--poll-interval <ms>', 'how often to look for progress', ctx.pollMs.parse, ctx.pollMs.default)
    .action(
      async (
        flowId: string,
        options: {
          input?: string;
          inputFile?: string;
          version?: number;
          name?: string;
          testCase?: string;
          detach?: boolean;
          pollInterval: number;
        },
        command: Command,
      ) => {
        const { input } = readRequestOptions({ input: options.input, inputFile: options.inputFile });
        const client = ctx.clientOf(command);
        const started = await client.startSavedFlow(flowId, {
          ...(input !== undefined && { input }),
          ...(options.version !== undefined && { version: options.version }),
          ...(options.name !== undefined && { name: options.name }),
          ...(options.testCase !== undefined && { test_case: options.testCase }),
        });
        if (options.detach) {
          if (ctx.json(command)) ctx.printJson(started);
          else ctx.out.write(`${started.execution_id}\n`);
          return ctx.exit(EXIT.OK);
        }
        if (!ctx.json(command))
          ctx.out.write(
            `started execution ${started.execution_id} of flow ${flowId} version ${started.flow_version ?? '?'}\n`,
          );
        const shown = await client.savedFlow(flowId, { version: started.flow_version ?? undefined, limit: 1 });
        const plan = planOf({ flow: shown.definition });
        ctx.exit(
          await ctx.follow(
            command,
            client,
            started.execution_id,
            options.pollInterval,
            new ProgressRenderer(ctx.out, plan.steps, plan.taskNames),
          ),
        );
      },
    );
}
