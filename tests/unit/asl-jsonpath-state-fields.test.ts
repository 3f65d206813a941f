import {
  failTextFromPath,
  itemsFromPath,
  taskSecondsFromPath,
  waitSecondsFromPath,
  waitTimestampFromPath,
} from '../../src/asl/jsonpath';
import { thrown, fakeIntrinsic } from '../support/jsonpath-harness';

describe('Wait SecondsPath and TimestampPath', () => {
  it('reads a whole number of seconds, 0 or more', () => {
    expect(waitSecondsFromPath({ input: { delay: 10 } }, '$.delay')).toBe(10);
    expect(waitSecondsFromPath({ input: { delay: 0 } }, '$.delay')).toBe(0);
  });

  it.each([
    [-3, 'a number: -3'],
    [1.5, 'a number: 1.5'],
    ['10', 'a string: "10"'],
    [null, 'null'],
  ])('fails with States.Runtime on %p', (delay, found) => {
    const error = thrown(() => waitSecondsFromPath({ input: { delay } }, '$.delay'));
    expect(error.errorName).toBe('States.Runtime');
    expect(error.message).toBe(
      `The JSONPath '$.delay' specified for the field 'SecondsPath' must select a whole number of seconds, 0 or more, but it selects ${found}`,
    );
  });

  it('reads an ISO 8601 timestamp (the spec\'s { "expirydate": "2016-03-14T01:59:00Z" })', () => {
    expect(waitTimestampFromPath({ input: { expirydate: '2016-03-14T01:59:00Z' } }, '$.expirydate')).toBe(
      '2016-03-14T01:59:00Z',
    );
    expect(waitTimestampFromPath({ input: { at: '2016-03-14T01:59:00+02:00' } }, '$.at')).toBe(
      '2016-03-14T01:59:00+02:00',
    );
  });

  it('fails on a string that is not a timestamp, and on a path that finds nothing', () => {
    expect(thrown(() => waitTimestampFromPath({ input: { at: 'tomorrow' } }, '$.at')).message).toBe(
      "The JSONPath '$.at' specified for the field 'TimestampPath' must select an ISO 8601 timestamp such as '2016-03-14T01:59:00Z', but it selects a string: \"tomorrow\"",
    );
    expect(thrown(() => waitTimestampFromPath({ input: {} }, '$.at')).message).toContain(
      "could not be found in the input: $ has no field 'at'",
    );
  });

  it('refuses a path that is not a reference path', () => {
    expect(thrown(() => waitSecondsFromPath({ input: { d: [1] } }, '$.d[*]')).message).toContain(
      "specified for the field 'SecondsPath' must be a reference path",
    );
  });
});

describe('Fail ErrorPath and CausePath', () => {
  const input = { error: 'PaymentDeclined', detail: { reason: 'card expired' }, code: 402 };

  it('reads a string by reference path', () => {
    expect(failTextFromPath({ input }, '$.error', 'ErrorPath', fakeIntrinsic)).toBe('PaymentDeclined');
    expect(failTextFromPath({ input }, '$.detail.reason', 'CausePath', fakeIntrinsic)).toBe('card expired');
  });

  it('computes it with an intrinsic function, whose paths read the input', () => {
    expect(
      failTextFromPath({ input }, "States.Format('declined: {}', $.detail.reason)", 'CausePath', fakeIntrinsic),
    ).toBe('declined: card expired');
  });

  it('fails when it is not a string', () => {
    expect(thrown(() => failTextFromPath({ input }, '$.code', 'ErrorPath', fakeIntrinsic)).message).toBe(
      "The JSONPath '$.code' specified for the field 'ErrorPath' must select a string, but it selects a number: 402",
    );
    expect(thrown(() => failTextFromPath({ input }, '$.detail', 'CausePath', fakeIntrinsic)).message).toContain(
      '\'CausePath\' must select a string, but it selects an object: {"reason":"card expired"}',
    );
  });
});

describe('Task TimeoutSecondsPath and HeartbeatSecondsPath', () => {
  it('reads a whole number of seconds, 1 or more', () => {
    expect(taskSecondsFromPath({ input: { limits: { timeout: 30 } } }, '$.limits.timeout', 'TimeoutSecondsPath')).toBe(
      30,
    );
    expect(taskSecondsFromPath({ input: { beat: 5 } }, '$.beat', 'HeartbeatSecondsPath')).toBe(5);
  });

  it('fails on 0 and on a fraction, naming the field', () => {
    expect(thrown(() => taskSecondsFromPath({ input: { t: 0 } }, '$.t', 'TimeoutSecondsPath')).message).toBe(
      "The JSONPath '$.t' specified for the field 'TimeoutSecondsPath' must select a whole number of seconds, 1 or more, but it selects a number: 0",
    );
    expect(thrown(() => taskSecondsFromPath({ input: { t: 2.5 } }, '$.t', 'HeartbeatSecondsPath')).field).toBe(
      'HeartbeatSecondsPath',
    );
  });
});

describe('Map ItemsPath', () => {
  // The spec's Map example, after "InputPath": "$.detail".
  const detail = {
    'delivery-partner': 'UQS',
    shipped: [
      { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
      { prod: 'S39', 'dest-code': 9511, quantity: 40 },
    ],
  };

  it('reads the array of items ("ItemsPath": "$.shipped"); absent: the whole effective input', () => {
    expect(itemsFromPath({ input: detail }, '$.shipped')).toBe(detail.shipped);
    expect(itemsFromPath({ input: [1, 2] }, undefined)).toEqual([1, 2]);
  });

  it('fails when it is not an array', () => {
    expect(thrown(() => itemsFromPath({ input: detail }, undefined)).message).toBe(
      "The JSONPath '$' specified for the field 'ItemsPath' must select an array, but it selects an object",
    );
    expect(thrown(() => itemsFromPath({ input: detail }, '$.delivery-partner')).message).toContain(
      'must select an array, but it selects a string: "UQS"',
    );
  });

  it('reads the context object too ($$.Execution.Input.items)', () => {
    expect(
      itemsFromPath({ input: {}, context: { Execution: { Input: { items: ['a'] } } } }, '$$.Execution.Input.items'),
    ).toEqual(['a']);
  });
});
