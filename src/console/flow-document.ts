/**
 * What the flow page makes of the pasted text: the request body to send (`{ flow, input }`, as the
 * samples in flows/ are written, or a bare flow that gets wrapped) and where its fields are.
 */
import { fieldLines } from './json-locate';

export type FlowDocument =
  | { ok: true; flow: Record<string, unknown>; input?: unknown; lines: Map<string, number> }
  | { ok: false; problem: string; line?: number };

export function readFlowDocument(text: string): FlowDocument {
  if (text.trim() === '') return { ok: false, problem: 'Paste or upload a flow definition (JSON).' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    return { ok: false, problem: `Not valid JSON: ${message}`, ...(line !== undefined && { line }) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: 'The flow must be a JSON object.', line: 1 };
  const doc = parsed as Record<string, unknown>;
  if (typeof doc.flow === 'object' && doc.flow !== null && !Array.isArray(doc.flow)) {
    return { ok: true, flow: doc.flow as Record<string, unknown>, ...('input' in doc && { input: doc.input }), lines: fieldLines(text) };
  }
  return { ok: true, flow: doc, lines: fieldLines(text, 'flow') };
}
