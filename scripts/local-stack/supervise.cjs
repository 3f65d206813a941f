'use strict';
// `node supervise.cjs <command> [args...]`: runs the command in this process's group and ends as
// it ends (same exit code, or same signal). For DynamoDB Local's JVM, which cannot watch the
// process that started it: lifeline.cjs does that here and, once that process is gone, ends the
// group, the JVM with it.
require('./lifeline.cjs');
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: 'inherit' });
child.on('error', (error) => {
  console.error(`supervise: ${command}: ${error.message}`);
  process.exit(127);
});
// A signal to the group reaches the command directly; one sent to this process alone is passed on.
// Either way this process waits for the command to end.
const passOn = (name) => () => {
  if (child.exitCode === null && child.signalCode === null) child.kill(name);
};
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(name, passOn(name));
child.on('exit', (code, signal) => {
  if (signal) {
    // End by the same signal, so that the parent sees what the command saw.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
