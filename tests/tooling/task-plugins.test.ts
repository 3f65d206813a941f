import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRegistry } from '../../src/tasks/registry';
import { defaultRegistry } from '../../src/tasks/default-registry';
import noop from '../../src/tasks/types/noop';

const ROOT = path.resolve(__dirname, '..', '..');

describe('task registry', () => {
  it('registers one type per module in src/tasks/types, named like its file', () => {
    const files = readdirSync(path.join(ROOT, 'src/tasks/types')).map((f) => f.replace(/\.ts$/, ''));
    expect(defaultRegistry().names()).toEqual(files.sort());
    for (const name of files) expect(defaultRegistry().get(name)?.type).toBe(name);
  });

  it('has the built-in types the original services used', () => {
    expect(defaultRegistry().names()).toEqual(
      expect.arrayContaining(['fetch_data', 'process_data', 'store_data', 'print', 'wait', 'noop']),
    );
  });

  it('does not resolve inherited members or path-like names', () => {
    // A registry of one type: `constructor` is a valid type name, so a project could add it.
    const registry = createRegistry([noop]);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '../noop', 'types/noop']) {
      expect(registry.get(name)).toBeUndefined();
    }
  });

  it('refuses duplicate and badly named types', () => {
    expect(() => createRegistry([noop, noop])).toThrow(/defined twice/);
    expect(() => createRegistry([{ ...noop, type: 'Bad-Name' }])).toThrow(/must match/);
  });
});

describe('adding a task type is adding one file', () => {
  let dir: string;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('picks up a new module in a copy of the project without touching core code', () => {
    // A type name the project does not have yet, whatever task files it has.
    let probe = 'shout';
    while (defaultRegistry().get(probe)) probe += '_probe';
    dir = mkdtempSync(path.join(tmpdir(), 'flow-plugin-'));
    cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    cpSync(path.join(ROOT, 'scripts/generate-task-index.cjs'), path.join(dir, 'scripts/generate-task-index.cjs'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const before = readFileSync(path.join(dir, 'src/tasks/registry.generated.ts'), 'utf8');

    // The only change: one new file in the tasks folder.
    writeFileSync(
      path.join(dir, `src/tasks/types/${probe}.ts`),
      `import { z } from 'zod';
import { defineTask } from '../task-type';
export default defineTask({
  type: '${probe}',
  description: 'Upper-cases its text.',
  parameters: z.strictObject({ text: z.string() }),
  async run({ parameters }) {
    return { status: 'success', output: { shouted: parameters.text.toUpperCase() } };
  },
});
`,
    );
    execFileSync(process.execPath, ['scripts/generate-task-index.cjs'], { cwd: dir });
    writeFileSync(
      path.join(dir, 'probe.ts'),
      `import { defaultRegistry } from './src/tasks/default-registry';
import { parseFlowRequest } from './src/flow-requests/flow-validation';
import { executeTask } from './src/service/execute-task';
(async () => {
  const registry = defaultRegistry();
  const body = { id: 'p', name: 'p', start_task: 'loud', conditions: [], tasks: [{ name: 'loud', task_type: '${probe}', parameters: { text: 'hi' } }] };
  const { flow } = parseFlowRequest(body, registry);
  const task = flow.tasks[0]!;
  const noop = () => undefined;
  const logger = { debug: noop, info: noop, warn: noop, error: noop };
  const result = await executeTask(registry.get(task.task_type)!, { input: {}, results: {}, attempt: 1, executionId: 'e', taskName: 'loud', seq: 1, idempotencyKey: 'e:loud:1', logger }, task.parameters, task.timeout_seconds);
  let rejected = '';
  try { parseFlowRequest({ ...body, tasks: [{ name: 'loud', task_type: '${probe}', parameters: { text: 1 } }] }, registry); } catch (e) { rejected = (e as any).details[0].path; }
  console.log(JSON.stringify({ names: registry.names(), result, rejected }));
})();
`,
    );
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const out = JSON.parse(execFileSync(process.execPath, [tsx, 'probe.ts'], { cwd: dir, encoding: 'utf8' })) as {
      names: string[];
      result: unknown;
      rejected: string;
    };
    expect(out.names).toContain(probe);
    expect(out.result).toEqual({ status: 'success', output: { shouted: 'HI' } });
    expect(out.rejected).toBe('tasks[0].parameters.text');
    expect(readFileSync(path.join(dir, 'src/tasks/registry.generated.ts'), 'utf8')).not.toBe(before);
    expect(readFileSync(path.join(ROOT, 'src/tasks/registry.generated.ts'), 'utf8')).not.toContain(`./types/${probe}'`);
  }, 60_000);
});
