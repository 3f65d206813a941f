import { EXIT, exitCodeForStatus } from '../../src/cli/exit-codes';
import { executeRequest, parseFlowRequestFile } from '../../src/cli/flow-file';
import { saveRequest } from '../../src/cli/saved-flow-commands';
import { jsonFile } from '../support/cli';
import { EXECUTION_STATUSES, isTerminal } from '../../src/domain/statuses';
import { bareFlow } from '../support/validation-problems';

describe('the execute request built from a flow file', () => {
  const wrapped = { flow: bareFlow(), input: { a: 1 } };

  it('is the file itself without --input or --name', () => {
    expect(executeRequest(wrapped, {})).toBe(wrapped);
    expect(executeRequest([1, 2], {})).toEqual([1, 2]);
  });

  it("takes the input of --input over the file's, in either shape", () => {
    expect(executeRequest(wrapped, { input: { b: 2 } })).toEqual({ flow: bareFlow(), input: { b: 2 } });
    expect(executeRequest({ ...bareFlow(), input: { a: 1 } }, { input: { b: 2 } })).toEqual({
      ...bareFlow(),
      input: { b: 2 },
    });
  });

  it("puts the execution name beside the flow, wrapping a bare flow, whose own name stays the flow's", () => {
    expect(executeRequest(wrapped, { name: 'nightly-1' })).toEqual({ ...wrapped, name: 'nightly-1' });
    expect(executeRequest({ ...bareFlow(), input: { a: 1 } }, { name: 'nightly-1' })).toEqual({
      flow: bareFlow(),
      input: { a: 1 },
      name: 'nightly-1',
    });
    expect(executeRequest(bareFlow(), { name: 'n', input: { c: 3 } })).toEqual({
      flow: bareFlow(),
      input: { c: 3 },
      name: 'n',
    });
  });

  it('puts --test-case and --state-machine-name beside the flow or the state machine, wrapping a bare flow', () => {
    expect(executeRequest(bareFlow(), { testCase: 'HappyPath', stateMachineName: 'greeting' })).toEqual({
      flow: bareFlow(),
      test_case: 'HappyPath',
      state_machine_name: 'greeting',
    });
    const machine = { StartAt: 'A', States: { A: { Type: 'Succeed' } } };
    expect(executeRequest({ asl: machine }, { testCase: 'T', stateMachineName: 'M' })).toEqual({
      asl: machine,
      test_case: 'T',
      state_machine_name: 'M',
    });
    expect(() => executeRequest([], { testCase: 'T' })).toThrow('--test-case');
  });

  it('refuses --input or --name for a file that is not a JSON object', () => {
    expect(() => executeRequest([], { name: 'n' })).toThrow('the flow file must hold a JSON object');
  });
});

describe('a flow file as a request', () => {
  const machine = { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Succeed' } } };

  it('wraps a bare state machine as { asl }, and leaves anything else as it is', () => {
    expect(parseFlowRequestFile(jsonFile('bare.asl.json', machine))).toEqual({ asl: machine });
    expect(parseFlowRequestFile(jsonFile('wrapped.asl.json', { asl: machine, input: { a: 1 } }))).toEqual({
      asl: machine,
      input: { a: 1 },
    });
    expect(parseFlowRequestFile(jsonFile('flow.json', bareFlow()))).toEqual(bareFlow());
  });

  it('gives a state machine its input and name beside `asl`', () => {
    expect(executeRequest({ asl: machine }, { input: { b: 2 }, name: 'n' })).toEqual({
      asl: machine,
      input: { b: 2 },
      name: 'n',
    });
  });

  it("is saved under --id, else under the flow's own id; a state machine needs --id", () => {
    expect(saveRequest({ flow: bareFlow(), input: { a: 1 } }, undefined)).toEqual({
      flowId: 'f1',
      body: { flow: bareFlow(), input: { a: 1 } },
    });
    expect(saveRequest(bareFlow(), undefined)).toEqual({ flowId: 'f1', body: bareFlow() });
    const { id: _id, ...withoutId } = bareFlow();
    expect(saveRequest({ flow: bareFlow(), input: { a: 1 } }, 'mine')).toEqual({
      flowId: 'mine',
      body: { flow: withoutId, input: { a: 1 } },
    });
    expect(saveRequest(bareFlow(), 'mine')).toEqual({ flowId: 'mine', body: withoutId });
    expect(saveRequest({ asl: machine }, 'mine')).toEqual({ flowId: 'mine', body: { asl: machine } });
    expect(() => saveRequest({ asl: machine }, undefined)).toThrow(
      'a state machine has no flow id of its own: give the id to save it under with --id',
    );
    expect(() => saveRequest(withoutId, undefined)).toThrow(
      'the flow has no "id": give the id to save it under with --id',
    );
  });
});

describe('exit codes', () => {
  it('are distinct for every way an execution ends, 0 only for SUCCEEDED', () => {
    const ends = EXECUTION_STATUSES.filter((status) => isTerminal(status));
    const codes = ends.map(exitCodeForStatus);
    expect(new Set(codes).size).toBe(ends.length);
    expect(Object.fromEntries(ends.map((status, i) => [status, codes[i]]))).toEqual({
      SUCCEEDED: EXIT.OK,
      FAILED: 10,
      CANCELLED: 13,
      ABORTED: 12,
      TIMED_OUT: 11,
    });
  });
});
