import { createExecution } from '../src/service/execution-lifecycle';
import { fireDueTimers } from '../src/service/fire-timers';
import { runStep } from '../src/service/step-runner';
import type { CapacityTotals } from '../src/storage/dynamo/capacity-meter';
import { meteredInProcess } from './in-process';
import { usdPerMillionSteps } from './pricing';
import { round } from './stats';

export interface FlowLanguageCost {
  /** What a retry adds beyond a plain step: the failed attempt's wait in the by_due index, the timer that fires it. */
  retried_attempt: { invocations: number; wcu: number; rcu: number };
  /** A durable wait, start to finish: two invocations of its step, the timer, the index entry. */
  wait: { invocations: number; wcu: number; rcu: number; usd_per_million: number };
  /** A step whose task hands on 16 KB of ordinary JSON (an order list): its record and the head carry it. */
  step_handing_on_16kb: { wcu: number; rcu: number; usd_per_million: number };
}

/** 16 KB of the JSON a business flow passes along: orders with ids, names, amounts and lines. */
export function sixteenKbOfOrders(): { orders: unknown[] } {
  const orders: unknown[] = [];
  for (let i = 0; JSON.stringify(orders).length < 16_000; i++) {
    orders.push({
      order_id: `ord-${100_000 + i * 37}`,
      customer: `customer ${(i * 7919) % 1000}`,
      amount: ((i * 4271) % 100_000) / 100,
      currency: 'EUR',
      lines: [{ sku: `SKU-${(i * 131) % 500}`, qty: 1 + (i % 4) }],
    });
  }
  return { orders };
}

/**
 * Capacity of the flow language's time-holding parts, measured like the plain step: the same code
 * in-process against DynamoDB Local through a metered client, dispatches counted, time scaled so
 * that nothing is actually waited for.
 */
/** What one plain step invocation costs beside its units (from `measureCapacity`): its billed time and its log. */
export interface PerInvocation {
  billedMs: number;
  logBytes: number;
  logLines: number;
}

export async function measureFlowLanguageCosts(
  dynamoEndpoint: string,
  tableName: string,
  perInvocation: PerInvocation,
): Promise<FlowLanguageCost> {
  const { client, totals, queue, deps } = meteredInProcess(dynamoEndpoint, tableName, {
    serviceName: 'bench-flow-language',
    timeScale: 1e6,
  });
  let invocations = 0;
  // The timers' polling is a fixed cost (a few small queries a second, however many waits there
  // are): an empty poll's read units are taken off, so what remains is what one more wait costs.
  const beforePoll: CapacityTotals = { ...totals };
  await fireDueTimers(deps, { forMs: 0, pollIntervalMs: 0 });
  const emptyPollRcu = totals.readUnits - beforePoll.readUnits;
  /** Units and invocations of running `flow` to its end, timers included but their polling. */
  const measure = async (flow: Record<string, unknown>) => {
    const before: CapacityTotals = { ...totals };
    const startInvocations = invocations;
    let polls = 0;
    const { execution } = await createExecution(flow, { start: true }, deps);
    for (let round = 0; round < 50; round++) {
      while (queue.length > 0) {
        invocations++;
        await runStep(queue.shift()!, deps);
      }
      const head = await deps.store.loadExecution(execution.execution_id);
      if (head?.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 2));
      await fireDueTimers(deps, { forMs: 0, pollIntervalMs: 0 });
      polls++;
    }
    return {
      wcu: totals.writeUnits - before.writeUnits,
      rcu: totals.readUnits - before.readUnits - polls * emptyPollRcu,
      invocations: invocations - startInvocations,
    };
  };
  const noop = (name: string) => ({ name, task_type: 'noop' });
  const base = { id: 'bench-lang', name: 'bench-lang', start_task: 'a', conditions: [] };
  // Each comparison differs from its baseline by exactly the part measured.
  const plain = await measure({ ...base, tasks: [noop('a'), noop('b'), noop('c')] });
  // Three plain steps more than the baseline: one step's own cost, the execution's create and finish aside.
  const plainSix = await measure({ ...base, tasks: ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => noop(name)) });
  const retried = await measure({
    ...base,
    tasks: [
      { name: 'a', task_type: 'flaky', parameters: { fail_attempts: 1 }, retry: [{ error_equals: ['States.ALL'] }] },
      noop('b'),
      noop('c'),
    ],
  });
  const waited = await measure({
    ...base,
    tasks: [noop('a'), { name: 'b', task_type: 'wait', parameters: { seconds: 60 } }, noop('c')],
  });
  const handOn = (name: string) => ({ ...noop(name), output: '{% $states.input %}' });
  // Three more such steps than the same flow with three: what one step costs, create and finish aside.
  const handingOn = (n: number) => ({
    ...base,
    input: sixteenKbOfOrders(),
    tasks: Array.from({ length: n }, (_, i) => handOn(String.fromCharCode(97 + i))),
  });
  const handedOn3 = await measure(handingOn(3));
  const handedOn6 = await measure(handingOn(6));
  client.destroy();
  const retriedAttempt = {
    invocations: retried.invocations - plain.invocations,
    wcu: round(retried.wcu - plain.wcu, 2),
    rcu: round(retried.rcu - plain.rcu, 2),
  };
  // A wait replaces a plain step: a plain step's own cost plus what the wait adds.
  const plainStep = { wcu: (plainSix.wcu - plain.wcu) / 3, rcu: (plainSix.rcu - plain.rcu) / 3 };
  const wait = {
    invocations: waited.invocations - plain.invocations + 1,
    wcu: round(waited.wcu - plain.wcu + plainStep.wcu, 2),
    rcu: round(waited.rcu - plain.rcu + plainStep.rcu, 2),
  };
  // Each invocation is billed and logs about as a plain step's does.
  const invocationCosts = (invocations: number) => ({
    billedMsPerStep: perInvocation.billedMs,
    memoryMb: 512,
    logBytesPerStep: invocations * perInvocation.logBytes,
    logLinesPerStep: invocations * perInvocation.logLines,
  });
  const perHandedOnStep = {
    wcu: round((handedOn6.wcu - handedOn3.wcu) / 3, 2),
    rcu: round((handedOn6.rcu - handedOn3.rcu) / 3, 2),
  };
  return {
    retried_attempt: retriedAttempt,
    step_handing_on_16kb: {
      ...perHandedOnStep,
      usd_per_million: round(
        usdPerMillionSteps({
          invocationsPerStep: 1,
          writeUnitsPerStep: perHandedOnStep.wcu,
          readUnitsPerStep: perHandedOnStep.rcu,
          ...invocationCosts(1),
        }),
        2,
      ),
    },
    wait: {
      ...wait,
      usd_per_million: round(
        usdPerMillionSteps({
          invocationsPerStep: wait.invocations,
          writeUnitsPerStep: wait.wcu,
          readUnitsPerStep: wait.rcu,
          ...invocationCosts(wait.invocations),
        }),
        2,
      ),
    },
  };
}
