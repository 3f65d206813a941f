import { createHash } from 'node:crypto';
import { noopFlow } from './engine-measures';

/**
 * The state machine the bench's `jsonpath` section runs: a chain of `steps` Task states
 * `flow:noop` in JSONPath mode, named `t1`…`tN` as the native noop flow's tasks are (their
 * progress entries in the head then weigh the same), each using every JSONPath field a step
 * evaluates: InputPath, Parameters with a path, an intrinsic (`States.Format`) and the context
 * object (`$$.State.Name`), ResultSelector, ResultPath and OutputPath. Every state hands on a
 * document of the same shape as it reads (`{ order: … }`), so every step does the same work and
 * the head stays the same size from the first step to the last.
 */
export function jsonPathMachine(steps: number) {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`a machine needs at least one state, not ${steps}`);
  const name = (i: number) => `t${i}`;
  const states = Object.fromEntries(
    Array.from({ length: steps }, (_, index) => {
      const i = index + 1;
      return [
        name(i),
        {
          Type: 'Task',
          Resource: 'flow:noop',
          InputPath: '$.order',
          // A noop's result is its effective input: these parameters, which ResultSelector reads.
          Parameters: {
            'id.$': '$.id',
            'token.$': '$.token',
            'customer.$': '$.customer',
            'lines.$': '$.lines',
            'greeting.$': "States.Format('Hello, {}!', $.customer.name)",
            'state.$': '$$.State.Name',
          },
          ResultSelector: {
            'id.$': '$.id',
            'token.$': '$.token',
            'customer.$': '$.customer',
            'lines.$': '$.lines',
            'greeting.$': '$.greeting',
            'last_state.$': '$.state',
          },
          // Placed inside a new `kept` object of the state's input, which OutputPath then hands on:
          // `{ order: … }` again.
          ResultPath: '$.kept.order',
          OutputPath: '$.kept',
          ...(i < steps ? { Next: name(i + 1) } : { End: true }),
        },
      ];
    }),
  );
  // The Comment is the imported flow's name: the native flow's, so that the two heads carry the same.
  return { Comment: noopFlow(steps).name, StartAt: name(1), States: states };
}

/**
 * An opaque payment token (440 base64 characters that brotli cannot shrink much): with it, a head
 * carrying the order weighs over 1 KB from the first step's claim to the last (and well under 2 KB),
 * inside one DynamoDB write unit bracket. Without it the head crosses 1 KB part way through the run,
 * at a step that a few bytes of timings decide, and a unit more or less per execution would be noise.
 */
const PAYMENT_TOKEN = Array.from({ length: 10 }, (_, i) =>
  createHash('sha256').update(`bench-order-token-${i}`).digest('base64'),
).join('');

/** The input both the machine and its native twins start with: an order of a few lines. */
export const JSONPATH_BENCH_INPUT = {
  order: {
    id: 'order-1',
    token: PAYMENT_TOKEN,
    customer: { name: 'Ada', tier: 'gold' },
    lines: [
      { sku: 'A-100', quantity: 2, price: 12.5 },
      { sku: 'B-200', quantity: 1, price: 40 },
      { sku: 'C-300', quantity: 5, price: 3.2 },
    ],
  },
} as const;

/** What the machine of `steps` states hands out at its end: the last state's name shows every state ran. */
export const jsonPathMachineOutput = (steps: number) => ({
  order: {
    id: JSONPATH_BENCH_INPUT.order.id,
    token: PAYMENT_TOKEN,
    customer: JSONPATH_BENCH_INPUT.order.customer,
    lines: JSONPATH_BENCH_INPUT.order.lines,
    greeting: `Hello, ${JSONPATH_BENCH_INPUT.order.customer.name}!`,
    last_state: `t${steps}`,
  },
});

/** The request POST /api/v1/flows/execute takes for the machine. */
export const jsonPathRequest = (steps: number) => ({ asl: jsonPathMachine(steps), input: JSONPATH_BENCH_INPUT });

/**
 * The native flow the machine is compared with: the bench's noop flow of as many steps (the one
 * the engine's per-step figures use), started with the same input.
 */
export const nativeTwinRequest = (steps: number) => ({ flow: noopFlow(steps), input: JSONPATH_BENCH_INPUT });

/**
 * The same noop flow handing on the document the machine hands on, built by each task's native
 * `output` template (JSONata): a step of either then carries the same bytes in the head, which is
 * what DynamoDB bills units by.
 */
export function nativeDataTwinRequest(steps: number) {
  const flow = noopFlow(steps);
  const output =
    '{% {"order": {"id": $states.input.order.id, "token": $states.input.order.token, "customer": $states.input.order.customer, ' +
    '"lines": $states.input.order.lines, ' +
    '"greeting": "Hello, " & $states.input.order.customer.name & "!", "last_state": $states.context.State.Name}} %}';
  return {
    flow: { ...flow, id: `bench-noop-data-${steps}`, tasks: flow.tasks.map((task) => ({ ...task, output })) },
    input: JSONPATH_BENCH_INPUT,
  };
}
