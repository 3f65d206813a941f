import { childPlace } from '../../src/engine/fan-out/child-execution-id';
import { EngineDriver } from '../support/engine-driver';

/**
 * Fan-outs under the platform's faults, in memory: step messages delivered twice, lost, and in any
 * order, with the sweep as the only way back from a loss. Whatever the faults, every parent ends
 * as the fault-free run ends, with the same output, and no task body runs twice.
 */

/** A seeded generator, so a failing seed replays exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const work = (output: string) => ({
  start_task: 'work',
  tasks: [{ name: 'work', task_type: 'scripted', output }],
  conditions: [],
});

/** A parallel of three branches, one of them a map nested in it. */
const nested = {
  id: 'faults-nested',
  name: 'Nested fan-out under faults',
  start_task: 'fan',
  tasks: [
    {
      name: 'fan',
      task_type: 'parallel',
      branches: [
        work('{% $states.input.base + 1 %}'),
        work('{% $states.input.base + 2 %}'),
        {
          start_task: 'each',
          tasks: [
            {
              name: 'each',
              task_type: 'map',
              items: '{% [1..6] %}',
              max_concurrency: 2,
              item_processor: work('{% $states.input * 10 %}'),
            },
          ],
          conditions: [],
        },
      ],
    },
  ],
  conditions: [],
};

/** A map of 20 items, 3 at a time, one item failing; the state's catch takes the failure. */
const caught = {
  id: 'faults-caught',
  name: 'Map with a caught failure under faults',
  start_task: 'each',
  tasks: [
    {
      name: 'each',
      task_type: 'map',
      items: '{% [0..19] %}',
      max_concurrency: 3,
      item_processor: work('{% $states.input = 13 ? $error("item 13 fails") : $states.input %}'),
      catch: [{ error_equals: ['States.ALL'], next: 'recover' }],
    },
    { name: 'recover', task_type: 'noop', output: '{% $states.input.error %}' },
  ],
  conditions: [],
};

async function run(flow: Record<string, unknown>, input: Record<string, unknown>, seed?: number) {
  const d = new EngineDriver();
  const id = await d.start(flow, input);
  const next = seed === undefined ? undefined : random(seed);
  for (let round = 0; round < 5000; round++) {
    const pending = d.dispatcher.take();
    if (pending.length === 0) {
      if ((await d.execution(id)).status !== 'RUNNING') break;
      // Everything in flight was lost: only the sweep brings it back.
      d.advance(120);
      await d.sweep();
      continue;
    }
    if (next) pending.sort(() => next() - 0.5);
    for (const message of pending) {
      const roll = next?.() ?? 1;
      if (roll < 0.1) continue; // lost
      await d.deliver(message);
      if (roll < 0.2) await d.deliver(message); // delivered twice
    }
  }
  const parent = await d.execution(id);
  const bodies = [...d.bodies.runs.entries()];
  return { parent, bodies, d };
}

describe.each([
  // Every child runs: the same bodies run as in the fault-free run.
  ['a parallel with a nested map', nested, { base: 100 }, true],
  // The failing item stops the others: which had started by then depends on the order of deliveries.
  ['a map with a failing item caught', caught, {}, false],
])('%s', (_, flow, input, allRun) => {
  it.each(Array.from({ length: 12 }, (_, seed) => seed + 1))(
    'ends as the fault-free run with every body run once (seed %i)',
    async (seed) => {
      const reference = await run(flow, input);
      const faulty = await run(flow, input, seed);
      expect(faulty.parent.status).toBe(reference.parent.status);
      expect(faulty.parent.state.data).toEqual(reference.parent.state.data);
      expect(faulty.bodies.map(([, runs]) => runs).filter((runs) => runs !== 1)).toEqual([]);
      const ran = (r: Awaited<ReturnType<typeof run>>) => r.bodies.map(([key]) => key.split('#')[0]!).sort();
      if (allRun) expect(ran(faulty)).toEqual(ran(reference));
      else expect(ran(faulty).map((id) => childPlace(id)?.index)).toContain(13);
    },
  );
});

it('the fault-free runs end as the flows say', async () => {
  expect((await run(nested, { base: 100 })).parent).toMatchObject({
    status: 'SUCCEEDED',
    state: { data: [101, 102, [10, 20, 30, 40, 50, 60]] },
  });
  expect((await run(caught, {})).parent).toMatchObject({
    status: 'SUCCEEDED',
    state: { data: 'States.QueryEvaluationError' },
  });
});
