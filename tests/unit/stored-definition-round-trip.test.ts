import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';

const registry = defaultRegistry();
const FLOWS = path.join(__dirname, '..', '..', 'flows');
const samples = readdirSync(FLOWS).filter((f) => f.endsWith('.json'));

/**
 * What GET /api/v1/flows/{flow_id} answers as `definition` (the flow as validated, defaults filled
 * in) is a flow the API takes back unchanged: the console's "Open in the flow page" and a client
 * that reads a saved flow and saves or runs it again both send it.
 */
describe('a stored definition validates again as it was stored', () => {
  it.each(samples)('%s', (file) => {
    const sample = JSON.parse(readFileSync(path.join(FLOWS, file), 'utf8'));
    const stored = parseFlowRequest(sample, registry).flow;
    const again = parseFlowRequest({ flow: JSON.parse(JSON.stringify(stored)) }, registry).flow;
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
