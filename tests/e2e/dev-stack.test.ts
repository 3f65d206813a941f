import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DevStack, type DevStackOptions, startDevStack } from '../../scripts/local-stack/dev-stack';
import { assertPortFree, freePort } from '../../scripts/local-stack/ports';
import { api } from '../support/http';

/**
 * `npm start`'s stack (the function scripts/start.ts calls), run in a copy of the project so that
 * adding a task file and keeping data touch nothing here.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const PROJECT_FILES = [
  'src',
  'handlers',
  'scripts',
  'serverless-plugins',
  'flows',
  'serverless.yml',
  'package.json',
  'tsconfig.json',
  'bench/functions.off.yml',
];

const SHOUT_TASK = `import { z } from 'zod';
import { defineTask } from '../task-type';
export default defineTask({
  type: 'shout',
  description: 'Upper-cases its text.',
  parameters: z.strictObject({ text: z.string() }),
  async run({ parameters }) {
    return { status: 'success', output: { shouted: parameters.text.toUpperCase() } };
  },
});
`;

const shoutFlow = {
  id: 'shout-flow',
  name: 'Shout',
  start_task: 'loud',
  conditions: [],
  tasks: [{ name: 'loud', task_type: 'shout', parameters: { text: 'hello' } }],
};

describe('the npm start stack', () => {
  let dir: string;
  let stack: DevStack | undefined;
  const shown: string[] = [];
  const unexpectedExits: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flow-dev-stack-'));
    for (const entry of PROJECT_FILES) {
      mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
      cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its key and data in the local folder, picks up a new task file without a restart and says when it is ready, and stops cleanly', async () => {
    const options: DevStackOptions = {
      serviceRoot: dir,
      httpPort: await freePort(),
      lambdaPort: await freePort(),
      dynamoPort: await freePort(),
      fresh: false,
      verbose: false,
      show: (line) => shown.push(line),
      onUnexpectedExit: (reason) => unexpectedExits.push(reason),
    };
    stack = await startDevStack(options);
    // The key and the database live in the project's local folder, the key readable by its owner only.
    expect(stack.apiKey.source).toBe('new');
    expect(statSync(stack.folder.apiKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(stack.folder.dataDir, stack.dynamoEngine)).isDirectory()).toBe(true);
    const call = (method: string, route: string, json?: unknown) =>
      api(method, route, {
        json,
        baseUrl: `http://127.0.0.1:${options.httpPort}`,
        headers: { authorization: `Bearer ${stack!.apiKey.key}` },
      });

    const unknownType = await call('POST', '/api/v1/flows/execute', shoutFlow);
    expect(unknownType.status).toBe(400);
    expect(JSON.stringify(unknownType.body)).toContain('shout');

    writeFileSync(path.join(dir, 'src/tasks/types/shout.ts'), SHOUT_TASK);
    let executed = unknownType;
    for (const deadline = Date.now() + 40_000; executed.status !== 200 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      executed = await call('POST', '/api/v1/flows/execute?wait_seconds=10', shoutFlow);
    }
    expect(executed.status).toBe(200);
    expect(executed.body.status).toBe('SUCCEEDED');
    expect(executed.body.task_results[0].data).toEqual({ shouted: 'HELLO' });

    // Nothing went wrong, so nothing was shown but the word that the new type is served.
    for (const deadline = Date.now() + 5000; shown.length === 0 && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shown).toEqual(['task type shout is ready']);
    expect(unexpectedExits).toEqual([]);

    await stack.stop();
    stack = undefined;
    // Stopped means stopped: every port is free again (tests/integration/local-dynamo-persistence
    // shows the data on disk surviving a restart).
    for (const port of [options.httpPort, options.lambdaPort, options.dynamoPort])
      await expect(assertPortFree(port, 'PORT')).resolves.toBeUndefined();
  }, 90_000);
});
