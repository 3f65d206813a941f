import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes';
import { parseJsonOption, parseSubstitutionsOption, readJsonFile, type RequestOptions } from './flow-file';

/** The options `run` and `validate` share, as commander gives them. */
export interface RequestOptionValues {
  input?: string;
  inputFile?: string;
  substitutions?: string;
}

/** Adds the options that change what a flow file sends: its input, and a state machine's substitutions. */
export function addRequestOptions(command: Command): Command {
  return command
    .option(
      '--input <json>',
      "the execution input, instead of the file's: a JSON object for a flow, any JSON value for a state machine",
    )
    .option('--input-file <file>', 'the execution input from a JSON file')
    .option(
      '--substitutions <json-or-file>',
      "values for a state machine's ${Name} placeholders: a JSON object of names to strings, or a JSON file holding one (over the file's own)",
    );
}

/** The options read: JSON parsed, files read, each problem named by its option. */
export function readRequestOptions(options: RequestOptionValues): Pick<RequestOptions, 'input' | 'substitutions'> {
  if (options.input !== undefined && options.inputFile !== undefined)
    throw new CliError('give --input or --input-file, not both', EXIT.USAGE);
  const input =
    options.input !== undefined
      ? parseJsonOption(options.input, '--input')
      : options.inputFile !== undefined
        ? readJsonFile(options.inputFile)
        : undefined;
  const substitutions =
    options.substitutions === undefined ? undefined : parseSubstitutionsOption(options.substitutions);
  return { input, substitutions };
}
