/**
 * The command-line client's exit codes (docs/cli.md). An execution's outcome
 * gets a code of its own, above 9, so a script can tell "the flow failed" from "the command did".
 */
export const EXIT = {
  OK: 0,
  /** The API refused the request, or a file could not be read or is not a valid flow. */
  ERROR: 1,
  /** Unknown command or option, a malformed option value, no API key. */
  USAGE: 2,
  /** The API could not be reached (connection refused, DNS, timeout). */
  UNREACHABLE: 3,
  /** A bug, or a broken checkout (e.g. a task file the task index names is gone): one line, no stack trace. */
  INTERNAL: 4,
  FAILED: 10,
  TIMED_OUT: 11,
  ABORTED: 12,
  CANCELLED: 13,
  /** Interrupted (Ctrl-C) while following an execution, which goes on running. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a command that waited for an execution to end with `status`. */
export function exitCodeForStatus(status: string): ExitCode {
  switch (status) {
    case 'SUCCEEDED':
      return EXIT.OK;
    case 'FAILED':
      return EXIT.FAILED;
    case 'TIMED_OUT':
      return EXIT.TIMED_OUT;
    case 'ABORTED':
      return EXIT.ABORTED;
    case 'CANCELLED':
      return EXIT.CANCELLED;
    default:
      return EXIT.ERROR;
  }
}

/** An error the client reports itself, with the code to exit with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.ERROR,
    readonly details: ReadonlyArray<{ path: string; message: string }> = [],
    readonly code?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
