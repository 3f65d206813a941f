import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/local-stack/ports';

/**
 * `npm start` run as a terminal runs it (npm in a process group of its own), then stopped the
 * ways it gets stopped: Ctrl-C (SIGINT to the whole group), a SIGINT to npm alone, npm killed
 * outright, the node process under npm killed outright, Ctrl-C during start-up. Each time every port must close and every
 * process it started must be gone within STOP_BOUND_MS, and the next start on the same ports and
 * the same local folder must work. Linux only (it reads /proc).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const STOP_BOUND_MS = 5000;
// A JVM and serverless' bundling side by side on a loaded 2-core machine.
const START_TIMEOUT_MS = 150_000;
jest.setTimeout(12 * 60_000);

interface Started {
  npm: ChildProcess;
  output: () => string;
  startedInMs: number;
}

function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flow-stop-'));
  for (const entry of [
    'serverless.yml',
    'package.json',
    'tsconfig.json',
    'handlers',
    'src',
    'flows',
    'serverless-plugins',
    'scripts',
    'bench/functions.off.yml',
    '.console-dist',
  ]) {
    if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** pid → [ppid, state] of every process on the machine. */
function processTable(): Map<number, { ppid: number; state: string }> {
  const table = new Map<number, { ppid: number; state: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name, in parentheses, may hold spaces: read the fields after its last ")".
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), { ppid: Number(ppid), state: state! });
    } catch {
      /* gone meanwhile */
    }
  }
  return table;
}

/** `root` and every process below it (detached process groups included: they are still its descendants). */
function descendants(root: number): number[] {
  const table = processTable();
  const found = [root];
  // An array's iterator also visits what is pushed while it runs: the search goes breadth first.
  for (const parent of found) {
    for (const [pid, { ppid }] of table) if (ppid === parent && !found.includes(pid)) found.push(pid);
  }
  return found;
}

const alive = (pid: number) => {
  const state = processTable().get(pid)?.state;
  return state !== undefined && state !== 'Z';
};

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function openPorts(ports: number[]): Promise<number[]> {
  const open = await Promise.all(ports.map(portOpen));
  return ports.filter((_, i) => open[i]);
}

describe('stopping npm start', () => {
  let project: string;
  let ports: { FLOW_HTTP_PORT: number; FLOW_LAMBDA_PORT: number; DYNAMODB_PORT: number };
  let running: Started | undefined;

  beforeAll(async () => {
    project = projectCopy();
    ports = { FLOW_HTTP_PORT: await freePort(), FLOW_LAMBDA_PORT: await freePort(), DYNAMODB_PORT: await freePort() };
  });

  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  /** Until the banner (`ready`), or only until the database and serverless offline are being started. */
  async function start(until: 'ready' | 'starting' = 'ready'): Promise<Started> {
    const launched = Date.now();
    const npm = spawn('npm', ['start'], {
      cwd: project,
      // Its own process group, as a shell gives a job: what Ctrl-C in the terminal reaches.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
        FLOW_VERBOSE: '',
      },
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    const ready = (async () => {
      const deadline = Date.now() + START_TIMEOUT_MS;
      const commandLines = () => descendants(npm.pid!).map((pid) => readFileSafe(`/proc/${pid}/cmdline`));
      const done =
        until === 'ready'
          ? // The banner comes once the database, the table and serverless offline all answer.
            () => output.includes(`http://localhost:${ports.FLOW_HTTP_PORT}`)
          : () =>
              ['DynamoDBLocal.jar', 'serverless.js'].every((name) =>
                commandLines().some((line) => line.includes(name)),
              );
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`npm start was not ready after ${START_TIMEOUT_MS} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      await Promise.race([
        ready,
        exited.then(() => Promise.reject(new Error(`npm start exited during start-up:\n${output}`))),
      ]);
    } catch (error) {
      killAll(descendants(npm.pid!));
      throw error;
    }
    if (until === 'ready') expect((await fetch(`http://127.0.0.1:${ports.FLOW_HTTP_PORT}/health`)).status).toBe(200);
    return { npm, output: () => output, startedInMs: Date.now() - launched };
  }

  /** Sends `stop`, then waits (at most the bound) for every port to close and every process of the stack to end. */
  async function expectAllGone(
    stack: Started,
    stop: (processes: number[]) => void,
    { ready = true } = {},
  ): Promise<void> {
    const processes = descendants(stack.npm.pid!);
    // npm, the node process it runs, DynamoDB Local and serverless offline at least.
    expect(processes.length).toBeGreaterThanOrEqual(4);
    const allPorts = Object.values(ports);
    if (ready) expect(await openPorts(allPorts)).toEqual(allPorts);

    const since = Date.now();
    stop(processes);
    let left: { ports: number[]; processes: number[] };
    do {
      await new Promise((r) => setTimeout(r, 100));
      left = { ports: await openPorts(allPorts), processes: processes.filter(alive) };
    } while ((left.ports.length > 0 || left.processes.length > 0) && Date.now() - since < STOP_BOUND_MS);
    const elapsed = Date.now() - since;
    if (left.ports.length > 0 || left.processes.length > 0)
      console.error(`npm start's output:\n${stack.output().split('\n').slice(-30).join('\n')}`);
    else
      console.log(
        `${expect.getState().currentTestName}: started in ${stack.startedInMs} ms, all gone after ${elapsed} ms`,
      );
    const described = left.processes.map(
      (pid) => `${pid} ${readFileSafe(`/proc/${pid}/cmdline`).replace(/\0/g, ' ').slice(0, 120)}`,
    );
    // Not left for the next case (nor the machine) to trip over.
    killAll(left.processes);
    expect({ after: `${STOP_BOUND_MS} ms`, ports: left.ports, processes: described }).toEqual({
      after: `${STOP_BOUND_MS} ms`,
      ports: [],
      processes: [],
    });
  }

  // Each case's "starts again right after" is the next case's start: the same ports, the same local folder.
  it('stops everything on Ctrl-C during start-up, and starts again right after', async () => {
    running = await start('starting');
    await expectAllGone(running, () => process.kill(-running!.npm.pid!, 'SIGINT'), { ready: false });
  });

  it('stops everything on a SIGINT to npm alone, and starts again right after', async () => {
    running = await start();
    await expectAllGone(running, () => process.kill(running!.npm.pid!, 'SIGINT'));
  });

  it('stops everything when npm is killed outright, and starts again right after', async () => {
    running = await start();
    await expectAllGone(running, () => process.kill(running!.npm.pid!, 'SIGKILL'));
  });

  it('stops everything when the node process under npm is killed outright, and starts again right after', async () => {
    running = await start();
    await expectAllGone(running, ([npm, ...below]) => {
      const node = below.find((pid) => processTable().get(pid)?.ppid === npm);
      process.kill(node!, 'SIGKILL');
    });
  });

  it('stops everything on Ctrl-C (SIGINT to the process group)', async () => {
    running = await start();
    await expectAllGone(running, () => process.kill(-running!.npm.pid!, 'SIGINT'));
  });
});

function killAll(pids: number[]): void {
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
