import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError, EXIT } from './exit-codes';
import type { CommandContext } from './saved-flow-commands';

const KINDS = ['success', 'failure', 'heartbeat'] as const;
type Kind = (typeof KINDS)[number];

const jsonValue = (value: string): unknown => {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new InvalidArgumentError('must be JSON (quote it for the shell: --output \'{"approved":true}\')');
  }
};

/**
 * `flow callback success|failure|heartbeat <token>`: answers a task that waits for a callback, as
 * Step Functions' SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat do (docs/callbacks.md).
 */
export function addCallbackCommand(
  program: Command,
  ctx: Pick<CommandContext, 'out' | 'exit' | 'json' | 'clientOf' | 'printJson'>,
): void {
  program
    .command('callback')
    .description('answer a task that waits for a callback with its token: its result, its failure, or a heartbeat')
    .addArgument(program.createArgument('<kind>', 'success, failure or heartbeat').choices(KINDS))
    .argument('<task-token>', 'the token the task was given ($states.context.Task.Token)')
    .addOption(new Option('--output <json>', "success: the task's result, as JSON (default {})").argParser(jsonValue))
    .option('--error <error>', 'failure: the error name retriers and catchers match')
    .option('--cause <cause>', 'failure: a longer explanation')
    .action(
      async (
        kind: Kind,
        token: string,
        options: { output?: unknown; error?: string; cause?: string },
        command: Command,
      ) => {
        if (kind !== 'success' && options.output !== undefined)
          throw new CliError('--output goes with `callback success` only', EXIT.USAGE);
        if (kind !== 'failure' && (options.error !== undefined || options.cause !== undefined))
          throw new CliError('--error and --cause go with `callback failure` only', EXIT.USAGE);
        const body =
          kind === 'success'
            ? { task_token: token, output: options.output === undefined ? {} : options.output }
            : kind === 'failure'
              ? {
                  task_token: token,
                  ...(options.error !== undefined && { error: options.error }),
                  ...(options.cause !== undefined && { cause: options.cause }),
                }
              : { task_token: token };
        const answer = await ctx.clientOf(command).callback(kind, body);
        if (ctx.json(command)) ctx.printJson(answer);
        else ctx.out.write(`${answer.message}\n`);
        ctx.exit(EXIT.OK);
      },
    );
}
