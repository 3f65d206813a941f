import classicPipeline from '../../../flows/classic-pipeline.json';
import flowServicePipeline from '../../../flows/flow-service-pipeline.json';
import orderFlow from '../../../flows/order-flow.json';
import printAndWait from '../../../flows/print-and-wait.json';

/** Request examples: the sample flows in flows/, as they are (the tests run every one of them). */
export const FLOW_EXAMPLES = {
  order_flow: { summary: 'flows/order-flow.json: retries, a catch, a choice, a durable wait', value: orderFlow },
  classic_pipeline: {
    summary: "flows/classic-pipeline.json: the original service's three-task pipeline",
    value: classicPipeline,
  },
  print_and_wait: { summary: 'flows/print-and-wait.json', value: printAndWait },
} as const;

/** The /flow service's own example. */
export const FLOW_SERVICE_EXAMPLES = {
  flow_service_pipeline: { summary: 'flows/flow-service-pipeline.json', value: flowServicePipeline },
} as const;

/** A sample saves as it is: its `input` becomes the version's default input. */
export const SAVED_FLOW_EXAMPLES = {
  order_flow: { summary: 'flows/order-flow.json as it is: its input is the default input', value: orderFlow },
  state_machine: {
    summary: 'a state machine (Amazon States Language, JSONata mode)',
    value: {
      asl: {
        Comment: 'Greet, then wait',
        QueryLanguage: 'JSONata',
        StartAt: 'Greet',
        States: {
          Greet: { Type: 'Task', Resource: 'flow:print', Arguments: { message: 'hello' }, Next: 'Pause' },
          Pause: { Type: 'Wait', Seconds: 1, End: true },
        },
      },
    },
  },
} as const;

export const START_EXAMPLES = {
  order_flow: {
    summary: 'the input of flows/order-flow.json',
    value: { input: orderFlow.input, name: 'order-A-1001' },
  },
} as const;
