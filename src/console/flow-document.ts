/**
 * What the flow page makes of the pasted text: the request body to send (`{ flow, input }`, as the
 * samples in flows/ are written, or a bare flow that gets wrapped; or a state machine, `{ asl,
 * input }` or bare, sent as `{ asl }`) and where its fields are.
 */
import { fieldLines } from './json-locate';

export type FlowDocument =
  | {
      ok: true;
      /** Which field of a request carries the definition: `flow`, or `asl` for a state machine. */
      field: 'flow' | 'asl';
      /** The flow, or the state machine. */
      flow: Record<string, unknown>;
      input?: unknown;
      lines: Map<string, number>;
    }
  | { ok: false; problem: string; line?: number };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A state machine as `flow export` and the Step Functions console write it: StartAt and States, none of our fields. */
const isBareStateMachine = (doc: Record<string, unknown>) => ('StartAt' in doc || 'States' in doc) && !('tasks' in doc);

export function readFlowDocument(text: string): FlowDocument {
  if (text.trim() === '') return { ok: false, problem: 'Paste or upload a flow definition or a state machine (JSON).' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    return { ok: false, problem: `Not valid JSON: ${message}`, ...(line !== undefined && { line }) };
  }
  if (!isObject(parsed)) return { ok: false, problem: 'The flow must be a JSON object.', line: 1 };
  const doc = parsed;
  for (const field of ['flow', 'asl'] as const) {
    const inner = doc[field];
    if (isObject(inner))
      return { ok: true, field, flow: inner, ...('input' in doc && { input: doc.input }), lines: fieldLines(text) };
  }
  if (isBareStateMachine(doc)) return { ok: true, field: 'asl', flow: doc, lines: fieldLines(text, 'asl') };
  return { ok: true, field: 'flow', flow: doc, lines: fieldLines(text, 'flow') };
}
