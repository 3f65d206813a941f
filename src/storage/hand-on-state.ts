import type { ExecutionState, TaskProgress } from '../domain/execution/execution';
import type { HandOnState } from '../ports/execution-store';
import { stateFields } from './item-mapping';
import type { PackedJson } from './packed-json';

/**
 * The head's state and progress attributes as a hand-on invoke carries them: packed exactly as the
 * head stores them (binary as base64), so the next step's claim writes them without packing again.
 */
export function handOnState(
  state: ExecutionState,
  progress: ReadonlyMap<string, TaskProgress>,
): { wire: HandOnState; bytes: number } {
  const fields = stateFields(state, progress);
  const wire = { state: toWire(fields.state_json), progress: toWire(fields.progress_json) };
  return { wire, bytes: sizeOf(wire.state) + sizeOf(wire.progress) };
}

/** The head attributes a hand-on's state stands for. */
export const headFields = (wire: HandOnState) => ({
  state_json: fromWire(wire.state),
  progress_json: fromWire(wire.progress),
});

const toWire = (value: PackedJson): HandOnState['state'] =>
  typeof value === 'string' ? value : { base64: Buffer.from(value).toString('base64') };
const fromWire = (value: HandOnState['state']): PackedJson =>
  typeof value === 'string' ? value : new Uint8Array(Buffer.from(value.base64, 'base64'));
const sizeOf = (value: HandOnState['state']) =>
  typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.base64.length;
