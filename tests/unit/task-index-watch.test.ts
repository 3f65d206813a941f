import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('the task index', () => {
  let root: string;
  let tasksDir: string;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateTaskIndex } = require('../../scripts/generate-task-index.cjs') as {
    generateTaskIndex: (dir: string) => { types: string[]; changed: boolean };
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'flow-task-index-'));
    tasksDir = path.join(root, 'src', 'tasks');
    mkdirSync(path.join(tasksDir, 'types'), { recursive: true });
    writeFileSync(path.join(tasksDir, 'types', 'noop.ts'), 'export default {};\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("ignores editors' hidden lock and swap files", () => {
    writeFileSync(path.join(tasksDir, 'types', '.#noop.ts'), '');
    expect(generateTaskIndex(tasksDir).types).toEqual(['noop']);
  });

  it('is rewritten only when the list of task files changed (every write triggers a rebuild)', () => {
    expect(generateTaskIndex(tasksDir).changed).toBe(true);
    const written = statSync(path.join(tasksDir, 'registry.generated.ts')).mtimeMs;
    expect(generateTaskIndex(tasksDir).changed).toBe(false);
    expect(statSync(path.join(tasksDir, 'registry.generated.ts')).mtimeMs).toBe(written);
    writeFileSync(path.join(tasksDir, 'types', 'shout.ts'), 'export default {};\n');
    expect(generateTaskIndex(tasksDir)).toMatchObject({ types: ['noop', 'shout'], changed: true });
    expect(readFileSync(path.join(tasksDir, 'registry.generated.ts'), 'utf8')).toContain("from './types/shout'");
  });

  it('says a task type added while running is ready once a rebuild that includes it is served', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Plugin = require('../../serverless-plugins/flow-manager-local.js') as new (serverless: unknown) => {
      hooks: Record<string, () => void>;
      taskTypesWatcher?: { close(): void };
    };
    const rejectionListeners = process.listeners('unhandledRejection');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const plugin = new Plugin({ config: { servicePath: root } });
    const buildDir = path.join(root, '.esbuild', '.build', 'handlers');
    mkdirSync(buildDir, { recursive: true });
    // What esbuild writes: every bundled module headed by a comment with its path.
    const build = (...types: string[]) => {
      for (const bundle of ['workers/step.js', 'v1/post-execute.js']) {
        mkdirSync(path.dirname(path.join(buildDir, bundle)), { recursive: true });
        writeFileSync(
          path.join(buildDir, bundle),
          types.map((type) => `// src/tasks/types/${type}.ts\nvar ${type} = {};\n`).join(''),
        );
      }
    };
    const served = () => plugin.hooks['offline:functionsUpdated:cleanup']!();
    const readyLines = () => log.mock.calls.map((call) => String(call[0])).filter((line) => line.endsWith(' is ready'));
    const previousBuildFolder = process.env.FLOW_BUILD_FOLDER;
    delete process.env.FLOW_BUILD_FOLDER;
    try {
      build('noop');
      plugin.hooks['before:offline:start:init']!();
      served();
      expect(readyLines()).toEqual([]);

      writeFileSync(path.join(tasksDir, 'types', 'shout.ts'), 'export default {};\n');
      for (
        const deadline = Date.now() + 5000;
        !readFileSync(path.join(tasksDir, 'registry.generated.ts'), 'utf8').includes('shout');
      ) {
        if (Date.now() > deadline) throw new Error('the index was not regenerated');
        await new Promise((r) => setTimeout(r, 20));
      }
      // A rebuild that started before the index changed does not have it yet.
      served();
      expect(readyLines()).toEqual([]);
      build('noop', 'shout');
      served();
      expect(readyLines()).toEqual(['task type shout is ready']);
      // Said once, not after every later rebuild.
      served();
      expect(readyLines()).toEqual(['task type shout is ready']);
    } finally {
      if (previousBuildFolder !== undefined) process.env.FLOW_BUILD_FOLDER = previousBuildFolder;
      plugin.taskTypesWatcher?.close();
      log.mockRestore();
      for (const listener of process.listeners('unhandledRejection')) {
        if (!rejectionListeners.includes(listener)) process.removeListener('unhandledRejection', listener);
      }
    }
  });

  it('follows task files added, renamed and removed while serverless offline runs', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Plugin = require('../../serverless-plugins/flow-manager-local.js') as new (serverless: unknown) => {
      hooks: Record<string, () => void>;
      taskTypesWatcher?: { close(): void };
    };
    const rejectionListeners = process.listeners('unhandledRejection');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const plugin = new Plugin({ config: { servicePath: root } });
    const index = () => readFileSync(path.join(tasksDir, 'registry.generated.ts'), 'utf8');
    const eventually = async (expectation: () => void) => {
      for (const deadline = Date.now() + 5000; ; await new Promise((r) => setTimeout(r, 20))) {
        try {
          expectation();
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
    };
    try {
      plugin.hooks['before:offline:start:init']!();
      expect(index()).toContain("from './types/noop'");

      writeFileSync(path.join(tasksDir, 'types', 'shout.ts'), 'export default {};\n');
      await eventually(() => expect(index()).toContain("from './types/shout'"));
      renameSync(path.join(tasksDir, 'types', 'shout.ts'), path.join(tasksDir, 'types', 'yell.ts'));
      await eventually(() => expect(index()).toContain("from './types/yell'"));
      expect(index()).not.toContain('shout');
      unlinkSync(path.join(tasksDir, 'types', 'yell.ts'));
      await eventually(() => expect(index()).not.toContain('yell'));
      expect(log).toHaveBeenCalledWith('task index regenerated: noop');
    } finally {
      plugin.taskTypesWatcher?.close();
      log.mockRestore();
      // The plugin keeps serverless alive on unhandled rejections; not this test process.
      for (const listener of process.listeners('unhandledRejection')) {
        if (!rejectionListeners.includes(listener)) process.removeListener('unhandledRejection', listener);
      }
    }
  });
});
