import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

/**
 * flows/order-fulfilment.asl.json on the local stack, as docs/samples.md runs it: the saved child
 * flow flows/item-shipping.json first, then the parent, whose Map starts one child execution per
 * order line and waits for each (.sync:2); a child that fails is caught and reported.
 */
describe('the order fulfilment sample: a Map starting a child flow per line', () => {
  it('ships each line as a child execution, and reports the line its child could not ship', async () => {
    const saved = await api('PUT', '/api/v1/flows/item-shipping', { json: sampleFlow('item-shipping.json') });
    expect([200, 201]).toContain(saved.status);
    const input = {
      order_id: 'F-1',
      lines: [
        { sku: 'tea', quantity: 2 },
        { sku: 'cup', quantity: 40 },
        { sku: 'pot', quantity: 1 },
      ],
    };
    const started = await api('POST', '/api/v1/flows/execute', {
      json: { asl: sampleFlow('order-fulfilment.asl.json'), input },
    });
    expect([started.status, started.body.error]).toEqual([202, undefined]);
    const id = started.body.execution_id as string;
    let view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=20`);
    for (let round = 0; view.body.status === 'RUNNING' && round < 5; round++)
      view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=20`);
    expect([view.body.status, view.body.error]).toEqual(['SUCCEEDED', null]);
    expect(view.body.output).toEqual({
      ...input,
      shipments: [
        { sku: 'tea', status: 'SHIPPED' },
        { sku: 'cup', status: 'NOT SHIPPED' },
        { sku: 'pot', status: 'SHIPPED' },
      ],
    });
  }, 150_000);

  it('is refused before the child flow is saved under the id its ARN names', async () => {
    const machine = JSON.stringify(sampleFlow('order-fulfilment.asl.json')).replaceAll(
      'stateMachine:item-shipping',
      'stateMachine:item-shipping-never-saved',
    );
    const refused = await api('POST', '/api/v1/flows/execute', {
      json: { asl: JSON.parse(machine), input: { lines: [] } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toMatch(/StateMachineArn$/);
  });
});
