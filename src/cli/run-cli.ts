import { CommanderError } from 'commander';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import { errorJson, errorLines } from './output-lines';
import { internalErrorLine } from './internal-error';
import { buildProgram } from './program';

/**
 * The `flow` executable (bin/flow.cjs loads this file through tsx). Runs one command and sets the
 * process's exit code: the command's own, 2 for a usage error commander found, or the code of the
 * error the command threw, reported on stderr (on stdout as JSON with --json). Anything else
 * thrown is a bug: one line and exit code 4, no stack trace (bin/flow.cjs does the same for
 * what fails before or outside a command).
 */
async function main(argv: string[]): Promise<ExitCode> {
  const io = { out: process.stdout, err: process.stderr };
  let exitCode: ExitCode = EXIT.OK;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (!(error instanceof CliError)) {
      const line = internalErrorLine(error, process.env.FLOW_DEBUG === '1');
      if (program.opts<{ json?: boolean }>().json)
        io.out.write(`${JSON.stringify({ error: { code: 'internal_error', message: line } }, null, 2)}\n`);
      else io.err.write(`${line}\n`);
      return EXIT.INTERNAL;
    }
    if (program.opts<{ json?: boolean }>().json) io.out.write(`${JSON.stringify(errorJson(error), null, 2)}\n`);
    else io.err.write(`${errorLines(error).join('\n')}\n`);
    return (error as { exitCode?: ExitCode }).exitCode ?? EXIT.ERROR;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
