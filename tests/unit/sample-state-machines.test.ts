import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateFlowFile } from '../../src/cli/validate';
import { runMachine } from '../support/asl-machine-runner';
import { jsonPathOrder } from '../support/flows';

const FLOWS = path.join(__dirname, '..', '..', 'flows');
const machine = (file: string): unknown => JSON.parse(readFileSync(path.join(FLOWS, file), 'utf8'));

/** Every file of flows/ is what `flow validate` (and so the API) takes: the flows and the state machines alike. */
describe('the samples in flows/', () => {
  const files = readdirSync(FLOWS).filter((file) => file.endsWith('.json'));

  it('include state machines (*.asl.json) beside the flows', () => {
    expect(files.filter((file) => file.endsWith('.asl.json'))).toContain('order-jsonpath.asl.json');
  });

  it.each(files)('%s validates offline, with no problem and no warning', (file) => {
    const report = validateFlowFile(path.join(FLOWS, file));
    expect(report).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(report.state_machine !== undefined).toBe(file.endsWith('.asl.json'));
  });
});

/** flows/order-jsonpath.asl.json, run to its end on the in-memory engine as the API would run it. */
describe('the JSONPath order sample', () => {
  const order = jsonPathOrder('gold', 80);

  it('reserves each line in its Map, chooses free shipping for a gold customer and prints a receipt', async () => {
    const execution = await runMachine(machine('order-jsonpath.asl.json'), order);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({
      order_id: 'A-1',
      reserved: ['order A-1 line 1: reserve 2 x tea', 'order A-1 line 2: reserve 1 x cup'],
      shipping: { method: 'express', cost: 0 },
      receipt: 'order A-1 for Ada: 2 line(s), express shipping',
    });
  });

  it('charges standard shipping below the threshold', async () => {
    const execution = await runMachine(machine('order-jsonpath.asl.json'), { ...order, amount: 20 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toMatchObject({ shipping: { method: 'standard', cost: 5 } });
  });

  it('fails an order without lines with its Fail state’s error and cause', async () => {
    for (const input of [{ order_id: 'A-2' }, { ...order, lines: [] }]) {
      const execution = await runMachine(machine('order-jsonpath.asl.json'), input);
      expect(execution).toMatchObject({
        status: 'FAILED',
        reason: 'OrderEmpty',
        error: 'an order needs at least one line',
      });
    }
  });
});
