import { EXIT, exitCodeForStatus } from '../../src/cli/exit-codes';
import { executeRequest } from '../../src/cli/flow-file';
import { EXECUTION_STATUSES, isTerminal } from '../../src/domain/statuses';
import { bareFlow } from '../support/validation-problems';

describe('the execute request built from a flow file', () => {
  const wrapped = { flow: bareFlow(), input: { a: 1 } };

  it('is the file itself without --input or --name', () => {
    expect(executeRequest(wrapped, {})).toBe(wrapped);
    expect(executeRequest([1, 2], {})).toEqual([1, 2]);
  });

  it('takes the input of --input over the file\'s, in either shape', () => {
    expect(executeRequest(wrapped, { input: { b: 2 } })).toEqual({ flow: bareFlow(), input: { b: 2 } });
    expect(executeRequest({ ...bareFlow(), input: { a: 1 } }, { input: { b: 2 } })).toEqual({ ...bareFlow(), input: { b: 2 } });
  });

  it('puts the execution name beside the flow, wrapping a bare flow, whose own name stays the flow\'s', () => {
    expect(executeRequest(wrapped, { name: 'nightly-1' })).toEqual({ ...wrapped, name: 'nightly-1' });
    expect(executeRequest({ ...bareFlow(), input: { a: 1 } }, { name: 'nightly-1' })).toEqual({ flow: bareFlow(), input: { a: 1 }, name: 'nightly-1' });
    expect(executeRequest(bareFlow(), { name: 'n', input: { c: 3 } })).toEqual({ flow: bareFlow(), input: { c: 3 }, name: 'n' });
  });

  it('refuses --input or --name for a file that is not a JSON object', () => {
    expect(() => executeRequest([], { name: 'n' })).toThrow('the flow file must hold a JSON object');
  });
});

describe('exit codes', () => {
  it('are distinct for every way an execution ends, 0 only for SUCCEEDED', () => {
    const ends = EXECUTION_STATUSES.filter((status) => isTerminal(status));
    const codes = ends.map(exitCodeForStatus);
    expect(new Set(codes).size).toBe(ends.length);
    expect(Object.fromEntries(ends.map((status, i) => [status, codes[i]]))).toEqual({ SUCCEEDED: EXIT.OK, FAILED: 10, CANCELLED: 13, ABORTED: 12, TIMED_OUT: 11 });
  });
});
