import { runCommand } from '../../src/cli/command-runner';
import type { CliResult } from './cli';

/**
 * Runs `flow …` inside the test's own process, as the executable runs it (the same command runner,
 * its output and exit code), for the commands that need no server: no process is started.
 */
export async function runCliInProcess(args: string[]): Promise<CliResult> {
  const output = { stdout: '', stderr: '' };
  const io = {
    out: { write: (text: string) => (output.stdout += text) },
    err: { write: (text: string) => (output.stderr += text) },
  };
  const code = await runCommand(['node', 'flow', ...args], io);
  return { code, ...output };
}
