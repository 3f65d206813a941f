import { runCommand } from './command-runner';

/**
 * The `flow` executable (bin/flow.cjs loads this file through tsx): runs one command on the
 * process's streams and sets the process's exit code (command-runner.ts says which). bin/flow.cjs
 * reports what fails before or outside a command the same way.
 */
void runCommand(process.argv, { out: process.stdout, err: process.stderr }, process.env.FLOW_DEBUG === '1').then(
  (code) => {
    process.exitCode = code;
  },
);
