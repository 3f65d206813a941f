import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../src/domain/errors';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import type { SavedFlowDetail } from '../../src/domain/saved-flow/saved-flow';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { savedFlowView } from '../../src/views/saved-flow-view';
import { FAN_OUT_FLOWS } from '../support/fan-out-flows';
import { sampleFlowFiles } from '../support/flows';

const registry = defaultRegistry();
const FLOWS = path.join(__dirname, '..', '..', 'flows');
const samples = sampleFlowFiles();

/**
 * What GET /api/v1/flows/{flow_id} answers as `definition` (the flow as validated, defaults filled
 * in) is a flow the API takes back unchanged: the console's "Open in the flow page" and a client
 * that reads a saved flow and saves or runs it again both send it.
 */
describe('a stored definition validates again as it was stored', () => {
  it.each(samples)('%s', (file) => {
    const sample = JSON.parse(readFileSync(path.join(FLOWS, file), 'utf8'));
    const stored = parseFlowRequest(sample, registry).flow;
    const again = parseFlowRequest({ flow: shownDefinition(stored) }, registry).flow;
    expect(again).toEqual(stored);
  });

  it('still refuses arguments beside parameters that say something', () => {
    const flow = JSON.parse(readFileSync(path.join(FLOWS, 'order-flow.json'), 'utf8')).flow;
    flow.tasks[0].parameters = { message: 'ignored' };
    expect(() => parseFlowRequest({ flow }, registry)).toThrow(
      expect.objectContaining({
        details: expect.arrayContaining([
          {
            path: 'flow.tasks[0].parameters',
            message: 'give parameters or arguments, not both (arguments replace parameters)',
          },
        ]),
      }),
    );
  });
});

/** What GET /api/v1/flows/{flow_id} answers as `definition` for a version whose validated flow is `flow`. */
const shownDefinition = (flow: FlowDefinition) => {
  const summary = { flow_id: flow.id, flow_name: flow.name, version: 1, definition_hash: 'h', created_at: 'now' };
  const detail: SavedFlowDetail = {
    flow: {
      flow_id: flow.id,
      flow_name: flow.name,
      latest_version: 1,
      latest_hash: 'h',
      created_at: 'now',
      updated_at: 'now',
    },
    shown: { ...summary, flow },
    versions: { items: [summary] },
    executions: { counts: {} as SavedFlowDetail['executions']['counts'], complete: true },
  };
  return JSON.parse(JSON.stringify(savedFlowView(detail).definition));
};

/**
 * A definition with map and parallel tasks keeps each fan-out as `fan_out: { kind, … }`, which only
 * the engine reads: it is shown in the fields a request writes, sub-flows
 * included, and that validates to the same definition.
 */
describe('a stored definition with map and parallel tasks is shown as a request writes it', () => {
  it.each(Object.keys(FAN_OUT_FLOWS) as Array<keyof typeof FAN_OUT_FLOWS>)('%s', (name) => {
    const stored = parseFlowRequest(structuredClone(FAN_OUT_FLOWS[name]), registry).flow;
    const shown = shownDefinition(stored);
    expect(JSON.stringify(shown)).not.toContain('fan_out');
    expect(parseFlowRequest({ flow: shown }, registry).flow).toEqual(stored);
  });

  it('writes every fan-out field, nested sub-flows too', () => {
    const shown = shownDefinition(parseFlowRequest(structuredClone(FAN_OUT_FLOWS.nested), registry).flow);
    const outer = shown.tasks[0];
    expect(outer).toMatchObject({ name: 'Outer', task_type: 'map', items: [1, 2, 3], max_concurrency: 0 });
    const both = outer.item_processor.tasks[0];
    expect(both).toMatchObject({ name: 'Both', task_type: 'parallel' });
    expect(both.branches[1].tasks[0]).toMatchObject({
      name: 'Inner',
      task_type: 'map',
      tolerated_failure_percentage: 50,
      item_processor: { start_task: 'leaf', tasks: [expect.objectContaining({ name: 'leaf' })], conditions: [] },
    });
    const map = shownDefinition(parseFlowRequest(structuredClone(FAN_OUT_FLOWS.map), registry).flow).tasks[0];
    expect(map).toMatchObject({
      items: '{% $states.input.orders %}',
      item_selector: FAN_OUT_FLOWS.map.flow.tasks[0]!.item_selector as object,
      max_concurrency: 5,
      tolerated_failure_percentage: 2.5,
      tolerated_failure_count: 3,
    });
  });

  it('writes write_results of a map that has it, and validates back to the same definition', () => {
    const body = structuredClone(FAN_OUT_FLOWS.map);
    (body.flow.tasks[0] as Record<string, unknown>).write_results = true;
    const stored = parseFlowRequest(body, registry).flow;
    const shown = shownDefinition(stored);
    expect(shown.tasks[0]).toMatchObject({ task_type: 'map', write_results: true });
    expect(parseFlowRequest({ flow: shown }, registry).flow).toEqual(stored);
  });

  it('as stored (with fan_out) it would be refused: the reason it is shown written', () => {
    const stored = parseFlowRequest(structuredClone(FAN_OUT_FLOWS.parallel), registry).flow;
    expect(() => parseFlowRequest({ flow: JSON.parse(JSON.stringify(stored)) }, registry)).toThrow(ValidationError);
  });
});
