import type { AslExport } from '../asl/export';
import { exportAsl } from '../flow-requests/asl-export-request';
import { defaultRegistry } from '../tasks/default-registry';
import { asCliError, readJsonFile } from './flow-file';

/** A flow file as a state machine, translated here as the API would (an invalid flow: every problem, exit 1). */
export function exportFlowFile(file: string): AslExport {
  try {
    return exportAsl(readJsonFile(file), defaultRegistry());
  } catch (error) {
    throw asCliError(error, file);
  }
}
