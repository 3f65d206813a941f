import Ajv2020 from 'ajv/dist/2020';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flowToAsl } from '../../src/asl/export';
import { validateFlowFile } from '../../src/cli/validate';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { flowGraph } from '../../src/graph/flow-graph';
import { openApiDocument } from '../../src/http/openapi/document';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { createRegistry } from '../../src/tasks/registry';
import type { TaskType } from '../../src/tasks/task-type';

const noop = defaultRegistry().get('noop')!;
const leaf = { start_task: 'a', tasks: [{ name: 'a', task_type: 'noop' }], conditions: [] };
const fanOutFlow = {
  flow: {
    id: 'f',
    name: 'f',
    start_task: 'each',
    tasks: [
      {
        name: 'each',
        task_type: 'map',
        items: '{% $states.input.items %}',
        max_concurrency: 4,
        item_processor: {
          start_task: 'both',
          tasks: [{ name: 'both', task_type: 'parallel', branches: [leaf, leaf] }],
          conditions: [],
        },
      },
    ],
    conditions: [],
  },
};

describe('the OpenAPI document shows parallel and map tasks', () => {
  const doc = openApiDocument() as any;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  const validate = ajv.getSchema('openapi.json#/components/schemas/FlowRequest')!;

  it('describes their fields, a sub-flow as a component of its own', () => {
    const task = doc.components.schemas.FlowRequest.anyOf[0].properties.flow.properties.tasks.items;
    expect(task.properties.branches).toMatchObject({
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: { $ref: '#/components/schemas/SubFlow' },
    });
    expect(task.properties.item_processor).toMatchObject({ $ref: '#/components/schemas/SubFlow' });
    for (const field of [
      'items',
      'item_selector',
      'max_concurrency',
      'tolerated_failure_percentage',
      'tolerated_failure_count',
    ])
      expect([field, typeof task.properties[field]?.description]).toEqual([field, 'string']);
    expect(doc.components.schemas.SubFlow).toMatchObject({
      type: 'object',
      required: ['start_task', 'tasks', 'conditions'],
      additionalProperties: false,
    });
  });

  it('validates a nested fan-out with the same rules, down into the sub-flows', () => {
    expect(validate(fanOutFlow)).toBe(true);
    const misspelt = structuredClone(fanOutFlow) as any;
    misspelt.flow.tasks[0].item_processor.tasks[0].branches[1].tasks[0].tpyo = 1;
    expect(validate(misspelt)).toBe(false);
    const empty = structuredClone(fanOutFlow) as any;
    empty.flow.tasks[0].item_processor.tasks[0].branches = [];
    expect(validate(empty)).toBe(false);
  });
});

describe('parallel and map are reserved task type names', () => {
  it('refuses a task plug-in named so', () => {
    for (const name of ['parallel', 'map']) {
      const plugin = { ...noop, type: name } as TaskType;
      expect(() => createRegistry([noop, plugin])).toThrow(`task type name '${name}' is reserved`);
    }
    expect(createRegistry([noop, { ...noop, type: 'mapper' }]).names()).toEqual(['mapper', 'noop']);
  });

  it('refuses a task module file named so when the index is generated', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generateTaskIndex } = require('../../scripts/generate-task-index.cjs') as {
      generateTaskIndex: (dir: string) => { types: string[] };
    };
    const root = mkdtempSync(path.join(tmpdir(), 'flow-reserved-'));
    try {
      mkdirSync(path.join(root, 'types'));
      writeFileSync(path.join(root, 'types', 'noop.ts'), 'export default {};\n');
      expect(generateTaskIndex(root).types).toEqual(['noop']);
      writeFileSync(path.join(root, 'types', 'parallel.ts'), 'export default {};\n');
      expect(() => generateTaskIndex(root)).toThrow("'parallel' is reserved");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('flow validate, offline', () => {
  it('reports a flow with fan-outs valid, as the API takes it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flow-validate-'));
    try {
      const file = path.join(dir, 'fan-out.json');
      writeFileSync(file, JSON.stringify(fanOutFlow));
      expect(validateFlowFile(file)).toMatchObject({ valid: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a definition with fan-outs, should one get past the refusal', () => {
  it('crashes neither the state machine export nor the graph', () => {
    const { flow } = parseFlowRequest(fanOutFlow, defaultRegistry());
    expect(flow.tasks[0]!.fan_out?.kind).toBe('map');
    expect(() => flowToAsl(flow)).not.toThrow();
    expect(
      flowGraph(flow)
        .tasks.filter((t) => t.group === undefined)
        .map((t) => t.name),
    ).toEqual(['each']);
  });
});
