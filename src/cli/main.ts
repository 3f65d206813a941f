import { CommanderError } from 'commander';
import { EXIT, type ExitCode } from './exit-codes';
import { errorJson, errorLines } from './format';
import { buildProgram } from './program';

/**
 * The `flow` executable (bin/flow.cjs loads this file through tsx). Runs one command and sets the
 * process's exit code: the command's own, 2 for a usage error commander found, or the code of the
 * error the command threw, reported on stderr (on stdout as JSON with --json).
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
    if (program.opts<{ json?: boolean }>().json) io.out.write(`${JSON.stringify(errorJson(error), null, 2)}\n`);
    else io.err.write(`${errorLines(error).join('\n')}\n`);
    return (error as { exitCode?: ExitCode }).exitCode ?? EXIT.ERROR;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
