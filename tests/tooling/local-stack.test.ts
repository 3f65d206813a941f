import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { banner } from '../../scripts/local-stack/banner';
import { tableDeclaration, tableDrift } from '../../scripts/local-stack/create-table';
import { localApiKey, localFolder, prepareLocalFolder } from '../../scripts/local-stack/local-folder';
import { OfflineOutputFilter } from '../../scripts/local-stack/offline-output';

describe("npm start's local folder", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'flow-local-folder-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates a key once, readable by its owner only, and hands out the same key afterwards', () => {
    const folder = localFolder(root);
    const release = prepareLocalFolder(folder, false);
    const first = localApiKey(folder, undefined);
    expect(first.source).toBe('new');
    expect(first.key).toMatch(/^fm_/);
    expect(statSync(folder.apiKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(folder.root).mode & 0o077).toBe(0);

    release();
    prepareLocalFolder(folder, false)();
    expect(localApiKey(folder, undefined)).toEqual({ key: first.key, source: 'kept' });
  });

  it('lets FLOW_API_KEY win without writing it anywhere', () => {
    const folder = localFolder(root);
    prepareLocalFolder(folder, false)();
    expect(localApiKey(folder, '  my-own-key \n')).toEqual({ key: 'my-own-key', source: 'environment' });
    expect(existsSync(folder.apiKeyFile)).toBe(false);
  });

  it('starts afresh with --fresh: key, data and log gone', () => {
    const folder = localFolder(root);
    prepareLocalFolder(folder, false)();
    const old = localApiKey(folder, undefined).key;
    writeFileSync(path.join(folder.dataDir, 'shared-local-instance.db'), 'data');
    writeFileSync(folder.offlineLog, 'log');

    prepareLocalFolder(folder, true)();
    expect(existsSync(path.join(folder.dataDir, 'shared-local-instance.db'))).toBe(false);
    expect(existsSync(folder.offlineLog)).toBe(false);
    const fresh = localApiKey(folder, undefined);
    expect(fresh.source).toBe('new');
    expect(fresh.key).not.toBe(old);
  });

  it('is refused, even with --fresh, while a running process holds it; a stale claim is taken over', () => {
    const folder = localFolder(root);
    const release = prepareLocalFolder(folder, false);
    writeFileSync(path.join(folder.dataDir, 'shared-local-instance.db'), 'data');
    expect(() => prepareLocalFolder(folder, true)).toThrow(`in use by another npm start (pid ${process.pid})`);
    expect(existsSync(path.join(folder.dataDir, 'shared-local-instance.db'))).toBe(true);
    release();
    expect(existsSync(folder.lockFile)).toBe(false);

    const exited = spawnSync(process.execPath, ['-e', '0']);
    writeFileSync(folder.lockFile, `${exited.pid}\n`);
    expect(() => prepareLocalFolder(folder, false)()).not.toThrow();
  });
});

describe("what npm start shows of serverless offline's output", () => {
  const logLine = (fields: Record<string, unknown>) =>
    JSON.stringify({ timestamp: '2026-01-01T00:00:00Z', service: 'flow-manager', ...fields });

  it('hides start-up noise, request lines and INFO/WARN logs', () => {
    const filter = new OfflineOutputFilter();
    const noise = [
      'Warning: Invalid configuration encountered',
      "  at 'provider.runtime': must be equal to one of the allowed values [dotnet6, go1.x]",
      '(node:3601) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)',
      'Starting Offline at stage local (us-east-1)',
      '   * step: flow-manager-local-step',
      '│   POST   | http://127.0.0.1:3000/api/v1/flows/execute                        │',
      'Server ready: http://127.0.0.1:3000 🚀',
      'POST /api/v1/flows/execute (λ: executeFlow)',
      '(λ: health) RequestId: bce27b52  Duration: 488.27 ms  Billed Duration: 489 ms',
      logLine({ level: 'INFO', message: 'request', route: 'GET /health', status: 200 }),
      logLine({ level: 'WARN', message: 're-dispatched a stalled step', execution_id: 'e1' }),
      'task index regenerated: fetch_data, noop, shout',
    ];
    expect(noise.flatMap((line) => filter.accept(line))).toEqual([]);
  });

  it("shows the functions' ERROR logs on one line, with where they happened", () => {
    const filter = new OfflineOutputFilter();
    const line = logLine({
      level: 'ERROR',
      message: 'step failed',
      execution_id: 'e1',
      task: 'load',
      seq: 2,
      error: { name: 'TypeError', message: 'x is not a function', stack: 'TypeError: x is not a function\n    at run' },
    });
    expect(filter.accept(line)).toEqual([
      'ERROR step failed: TypeError: x is not a function  (execution_id=e1 task=load seq=2)',
    ]);
  });

  it('shows a failed rebuild once, with the location of the error, not once per function', () => {
    let now = 0;
    const filter = new OfflineOutputFilter(() => now, 5000);
    const oneFunction = [
      '✘ [ERROR] Expected identifier but found "="',
      '',
      '    src/tasks/types/noop.ts:12:6:',
      '      12 │ const = ;',
      '         ╵       ^',
      '',
    ];
    const output = [
      ...Array.from({ length: 12 }, () => oneFunction).flat(),
      '× Bundle error, waiting for a file change to reload...',
    ];
    expect(output.flatMap((line) => filter.accept(line))).toEqual([
      '✘ [ERROR] Expected identifier but found "="  (src/tasks/types/noop.ts:12:6)',
      '× Bundle error, waiting for a file change to reload...',
    ]);
    now += 5000;
    expect(filter.accept('× Bundle error, waiting for a file change to reload...')).toHaveLength(1);
  });

  it('shows that a task type added while running is ready', () => {
    const filter = new OfflineOutputFilter();
    expect(filter.accept('task type shout is ready')).toEqual(['task type shout is ready']);
  });

  it('shows a handler crash', () => {
    const filter = new OfflineOutputFilter();
    const output = [
      "× Unhandled exception in handler 'listExecutions'.",
      '× Error: boom at import',
      '      at Object.<anonymous> (/x/boom.ts:1:7)',
    ];
    expect(output.flatMap((line) => filter.accept(line))).toEqual([
      "× Unhandled exception in handler 'listExecutions'.",
      '× Error: boom at import',
    ]);
  });
});

describe('a table kept from an earlier run', () => {
  const declared = tableDeclaration() as unknown as Required<
    Pick<TableDescription, 'KeySchema' | 'GlobalSecondaryIndexes'>
  >;
  const asDescribed = (indexes = declared.GlobalSecondaryIndexes): TableDescription => ({
    KeySchema: declared.KeySchema,
    GlobalSecondaryIndexes: indexes,
  });

  it('matches when created from the same serverless.yml', () => {
    expect(tableDrift(asDescribed())).toEqual([]);
  });

  it('names each index added, removed or changed since', () => {
    const [first, second, ...rest] = declared.GlobalSecondaryIndexes;
    const changed = { ...second!, Projection: { ProjectionType: 'ALL' as const } };
    const dropped = {
      IndexName: 'by_old_field',
      KeySchema: first!.KeySchema,
      Projection: { ProjectionType: 'KEYS_ONLY' as const },
    };
    expect(tableDrift(asDescribed([changed, ...rest, dropped]))).toEqual([
      `index ${first!.IndexName} is missing`,
      `index ${second!.IndexName} has different keys or projection`,
      'index by_old_field is no longer declared',
    ]);
  });

  it('names an index that projects other attributes (a list index from before `name` was projected)', () => {
    const indexes = declared.GlobalSecondaryIndexes.map((index) =>
      index.Projection?.ProjectionType === 'INCLUDE'
        ? {
            ...index,
            Projection: {
              ...index.Projection,
              NonKeyAttributes: index.Projection.NonKeyAttributes!.filter((a) => a !== 'name'),
            },
          }
        : index,
    );
    const reordered = declared.GlobalSecondaryIndexes.map((index) =>
      index.Projection?.NonKeyAttributes
        ? {
            ...index,
            Projection: { ...index.Projection, NonKeyAttributes: [...index.Projection.NonKeyAttributes].reverse() },
          }
        : index,
    );
    expect(tableDrift(asDescribed(indexes))).toEqual(
      ['by_created', 'by_status', 'by_flow'].map((name) => `index ${name} has different keys or projection`),
    );
    expect(tableDrift(asDescribed(reordered))).toEqual([]);
  });
});

describe("npm start's banner", () => {
  const stackOn = (port: number) => ({
    apiUrl: `http://localhost:${port}`,
    lambdaEndpoint: 'http://127.0.0.1:3002',
    dynamoEndpoint: 'http://127.0.0.1:8000',
    dynamoEngine: 'dynamodb-local' as const,
    tableName: 'flow-manager-local',
    folder: localFolder('/project'),
    apiKey: { key: 'fm_key', source: 'kept' as const, accepted: true },
  });

  it('tells the command-line client the address when the API is not on the default port', () => {
    const lines = banner(stackOn(4000), '/project').split('\n');
    expect(lines).toContain('  export FLOW_API_URL=http://localhost:4000');
    expect(lines.indexOf('  export FLOW_API_URL=http://localhost:4000')).toBe(
      lines.indexOf('  export FLOW_API_KEY=fm_key') + 1,
    );
    const hashesOnly = banner(
      { ...stackOn(4000), apiKey: { key: 'fm_key', source: 'kept', accepted: false } },
      '/project',
    );
    expect(hashesOnly).toContain('export FLOW_API_URL=http://localhost:4000');
  });

  it('leaves FLOW_API_URL out on the default port, where the client looks anyway', () => {
    const text = banner(stackOn(3000), '/project');
    expect(text).toContain('  export FLOW_API_KEY=fm_key');
    expect(text).not.toContain('FLOW_API_URL');
  });
});
