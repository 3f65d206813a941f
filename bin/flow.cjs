#!/usr/bin/env node
const path = require('node:path');

// The task index imports every file of src/tasks/types by name: one added or removed since it was
// last generated would stop every command at load. Regenerating it costs one directory listing and
// writes only when the list changed.
let indexProblem;
try {
  require('../scripts/generate-task-index.cjs').generateTaskIndex(path.join(__dirname, '..', 'src', 'tasks'));
} catch (error) {
  // A read-only checkout, or a task file with a name the index refuses: the index stays as it is,
  // and only if loading it then fails is this said.
  indexProblem = error instanceof Error ? error.message : String(error);
}

require('tsx/cjs');
const { internalErrorLine, EXIT } = require('../src/cli/internal-error.ts');

// What escapes the commands' own error handling is a bug or a broken checkout: one line, no stack
// trace (FLOW_DEBUG=1 prints it), and an exit code of its own.
const die = (error) => {
  process.stderr.write(`${internalErrorLine(error, process.env.FLOW_DEBUG === '1', indexProblem)}\n`);
  process.exit(EXIT.INTERNAL);
};
process.on('uncaughtException', die);
process.on('unhandledRejection', die);
require('../src/cli/run-cli.ts');
