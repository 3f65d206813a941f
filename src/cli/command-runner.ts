import { CommanderError } from 'commander';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import { errorJson, errorLines } from './output-lines';
import { internalErrorLine } from './internal-error';
import { buildProgram, type Io } from './program';

/**
 * Runs one `flow` command (argv as Node gives it: the executable and script, then the arguments)
 * and answers its exit code: the command's own, 2 for a usage error commander found, or the code
 * of the error the command threw, reported on `io.err` (on `io.out` as JSON with --json). Anything
 * else thrown is a bug: one line and exit code 4, no stack trace unless `debug`. The executable
 * (run-cli.ts) and the tests that run a command in-process share it, so both report alike.
 */
export async function runCommand(argv: string[], io: Io, debug = false): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.OK;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const json = program.opts<{ json?: boolean }>().json;
    if (!(error instanceof CliError)) {
      const line = internalErrorLine(error, debug);
      if (json) io.out.write(`${JSON.stringify({ error: { code: 'internal_error', message: line } }, null, 2)}\n`);
      else io.err.write(`${line}\n`);
      return EXIT.INTERNAL;
    }
    if (json) io.out.write(`${JSON.stringify(errorJson(error), null, 2)}\n`);
    else io.err.write(`${errorLines(error).join('\n')}\n`);
    return (error as { exitCode?: ExitCode }).exitCode ?? EXIT.ERROR;
  }
}
