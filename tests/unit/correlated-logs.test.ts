import { Logger } from '@aws-lambda-powertools/logger';
import { withKeys } from '../../src/observability/logger';

/** The JSON lines a block writes, in order (warnings and errors go to stderr, the rest to stdout). */
function linesOf(block: () => void): Array<Record<string, unknown>> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    block();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return chunks
    .flatMap((c) => c.split('\n'))
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('correlation keys on log lines', () => {
  let root: Logger;
  beforeEach(() => {
    root = new Logger({ serviceName: 'flow-manager', logLevel: 'DEBUG' });
  });

  it('puts each child’s keys on its own lines only, however their calls interleave', () => {
    const a = withKeys(root, { execution_id: 'exec-a', task: 'first', seq: 1 });
    const b = withKeys(root, { execution_id: 'exec-b', task: 'second', seq: 7 });
    const lines = linesOf(() => {
      a.info('step recorded', { attempt: 1 });
      b.warn('could not hand the next step on');
      a.debug('detail');
      root.info('root line');
      b.error('step failed', { attempt: 2 });
    });
    expect(lines.map((l) => [l.message, l.level, l.execution_id, l.task, l.seq])).toEqual([
      ['step recorded', 'INFO', 'exec-a', 'first', 1],
      ['could not hand the next step on', 'WARN', 'exec-b', 'second', 7],
      ['detail', 'DEBUG', 'exec-a', 'first', 1],
      ['root line', 'INFO', undefined, undefined, undefined],
      ['step failed', 'ERROR', 'exec-b', 'second', 7],
    ]);
    expect(lines[0]).toMatchObject({ attempt: 1, service: 'flow-manager' });
    expect(lines[4]).toMatchObject({ attempt: 2 });
  });

  it('formats an error passed in the extra keys, and stacks the keys of a child of a child', () => {
    const child = withKeys(withKeys(root, { request_id: 'req-1' }), { execution_id: 'exec-c' });
    const [line] = linesOf(() => child.error('step failed', { error: new TypeError('boom') }));
    expect(line).toMatchObject({
      request_id: 'req-1',
      execution_id: 'exec-c',
      error: { name: 'TypeError', message: 'boom' },
    });
  });

  it('leaves out what the logger’s level filters, as the root does', () => {
    const quiet = withKeys(new Logger({ serviceName: 'flow-manager', logLevel: 'WARN' }), { execution_id: 'exec-d' });
    const lines = linesOf(() => {
      quiet.info('not shown');
      quiet.warn('shown');
    });
    expect(lines.map((l) => l.message)).toEqual(['shown']);
  });
});
