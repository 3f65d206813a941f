import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const STACK_TRACE_LINE = /^\s+at .+[(:]\d+/m;

/**
 * A task file removed after the task index was generated (src/tasks/registry.generated.ts still
 * imports it): the client and the tests regenerate the index instead of failing to load, and what
 * they cannot recover from is one line, never a stack trace. Each case runs in a copy of the project.
 */
describe('a task file removed after the task index was generated', () => {
  let dir: string;
  const index = () => readFileSync(path.join(dir, 'src/tasks/registry.generated.ts'), 'utf8');
  const flow = (args: string[]) =>
    spawnSync(process.execPath, ['bin/flow.cjs', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, FLOW_DEBUG: undefined },
    });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flow-stale-index-'));
    for (const part of [
      'src',
      'bin',
      'scripts',
      'flows',
      'tests/support',
      'package.json',
      'tsconfig.json',
      'jest.config.js',
    ]) {
      cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    execFileSync(process.execPath, ['scripts/generate-task-index.cjs'], { cwd: dir });
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('flow validate: one line and exit 4 when the index cannot be regenerated, no stack trace', () => {
    unlinkSync(path.join(dir, 'src/tasks/types/noop.ts'));
    // A file the generator refuses keeps the stale index in place.
    writeFileSync(path.join(dir, 'src/tasks/types/Bad-Name.ts'), 'export default {};\n');
    const result = flow(['validate', 'flows/order-flow.json']);
    expect(index()).toContain("'./types/noop'");
    expect(result.status).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^error: the task index src\/tasks\/registry\.generated\.ts names \.\/types\/noop, which is gone, and it could not be regenerated \(task module Bad-Name\.ts: .*\): fix that, then run `npm run generate`$/,
      ),
    ]);
    unlinkSync(path.join(dir, 'src/tasks/types/Bad-Name.ts'));
  });

  it('flow validate regenerates the index and checks flows against the task types that are left', () => {
    unlinkSync(path.join(dir, 'src/tasks/types/store_data.ts'));
    expect(index()).toContain("'./types/store_data'");

    const valid = flow(['validate', 'flows/order-flow.json']);
    expect(valid).toMatchObject({ status: 0, stderr: '' });
    expect(valid.stdout).toBe("flows/order-flow.json: valid (flow 'order-flow', 6 task(s))\n");
    expect(index()).not.toContain("'./types/store_data'");

    // A flow using the removed type is invalid, as it would be on a server without that file.
    const invalid = flow(['validate', 'flows/classic-pipeline.json']);
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toContain(
      'is not a registered type; registered types: answer_callback, aws_sdk, callback, fetch_data, flaky, invoke_lambda, mock_only, print, process_data, raise_error, start_flow, wait\n',
    );
    expect(`${invalid.stdout}${invalid.stderr}`).not.toMatch(STACK_TRACE_LINE);
  });

  it('jest alone (not npm test) regenerates it before any suite loads the registry', () => {
    unlinkSync(path.join(dir, 'src/tasks/types/flaky.ts'));
    expect(index()).toContain("'./types/flaky'");
    mkdirSync(path.join(dir, 'tests/unit'));
    writeFileSync(
      path.join(dir, 'tests/unit/registry-probe.test.ts'),
      `import { defaultRegistry } from '../../src/tasks/default-registry';
it('loads', () => expect(defaultRegistry().names()).toEqual(['answer_callback', 'aws_sdk', 'callback', 'fetch_data', 'invoke_lambda', 'mock_only', 'print', 'process_data', 'raise_error', 'start_flow', 'wait']));
`,
    );
    const jest = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/jest/bin/jest.js'),
        '--selectProjects',
        'unit',
        '--ci',
        '--runTestsByPath',
        'tests/unit/registry-probe.test.ts',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, FLOW_TEST_STACK: 'none' },
      },
    );
    expect(jest.stderr).toContain('Tests:       1 passed, 1 total');
    expect(jest.status).toBe(0);
    expect(index()).not.toContain("'./types/flaky'");
  }, 120_000);
});
