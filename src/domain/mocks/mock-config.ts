import { z } from 'zod';
import type { ErrorDetail } from '../errors';

/**
 * A mock configuration in Step Functions Local's format (docs/testing-with-mocks.md): test cases
 * per state machine, each naming a mocked response per state, and the mocked responses, each a
 * list of `Return` or `Throw` by invocation: `"0"` for the state's first run, `"1-2"` for its
 * first and second retries, and so on, numbered consecutively from 0.
 */
export interface MockConfig {
  /** State machine name → test case name → state name → mocked response name. */
  stateMachines: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;
  /** Mocked response name → one response per invocation index (ranges spelled out). */
  responses: ReadonlyMap<string, readonly MockedResponse[]>;
}

/** What a mocked state's run gives: its result, or a failure with this error name and cause. */
export type MockedResponse = { return: unknown } | { throw: { error: string; cause?: string } };

/** The most invocations one mocked response may spell out (`"0-999"`): a bound on what a typo can allocate. */
export const MAX_MOCKED_INVOCATIONS = 1000;

const RangeKey = /^(\d{1,4})(?:-(\d{1,4}))?$/;

const ResponseSchema = z.union(
  [
    z.strictObject({ Return: z.unknown() }),
    z.strictObject({
      Throw: z.strictObject({
        Error: z.string({ error: 'Error must be a string: the error name the state fails with' }).min(1),
        Cause: z.string({ error: 'Cause must be a string' }).optional(),
      }),
    }),
  ],
  { error: "each invocation's response must be an object with exactly one of Return or Throw" },
);

const FileSchema = z.strictObject({
  StateMachines: z.record(
    z.string(),
    z.strictObject({
      TestCases: z.record(
        z.string(),
        z.record(z.string(), z.string({ error: 'must name a mocked response (a string)' }), {
          error: 'a test case must map state names to mocked response names',
        }),
      ),
    }),
  ),
  MockedResponses: z.record(z.string(), z.record(z.string(), ResponseSchema), {
    error: 'MockedResponses must map names to responses by invocation index',
  }),
});

export type MockConfigParse = { ok: true; config: MockConfig } | { ok: false; problems: ErrorDetail[] };

/**
 * Reads a mock configuration's text, checking what Step Functions Local checks and a little more:
 * JSON, the shape, invocation indexes consecutive from 0 without overlap, and every mocked response
 * a test case names defined. Every problem is reported with its path.
 */
export function parseMockConfig(text: string): MockConfigParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `is not JSON: ${(error as Error).message}` }] };
  }
  const shape = FileSchema.safeParse(json);
  if (!shape.success)
    return {
      ok: false,
      problems: shape.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  const problems: ErrorDetail[] = [];
  const responses = new Map<string, MockedResponse[]>();
  for (const [name, byRange] of Object.entries(shape.data.MockedResponses)) {
    const spelled = spellOut(byRange, `MockedResponses.${name}`, problems);
    if (spelled) responses.set(name, spelled);
  }
  const stateMachines = new Map<string, Map<string, Map<string, string>>>();
  for (const [machine, { TestCases }] of Object.entries(shape.data.StateMachines)) {
    const cases = new Map<string, Map<string, string>>();
    for (const [testCase, states] of Object.entries(TestCases)) {
      for (const [state, response] of Object.entries(states))
        if (!(response in shape.data.MockedResponses))
          problems.push({
            path: `StateMachines.${machine}.TestCases.${testCase}.${state}`,
            message: `names the mocked response '${response}', which MockedResponses does not define`,
          });
      cases.set(testCase, new Map(Object.entries(states)));
    }
    stateMachines.set(machine, cases);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: { stateMachines, responses } };
}

/** One response per invocation, from `"0"`, `"1-2"`…: consecutive from 0, no gap, no overlap. */
function spellOut(
  byRange: Record<string, z.output<typeof ResponseSchema>>,
  at: string,
  problems: ErrorDetail[],
): MockedResponse[] | undefined {
  const ranges: Array<{ from: number; to: number; response: MockedResponse; key: string }> = [];
  for (const [key, raw] of Object.entries(byRange)) {
    const match = RangeKey.exec(key.trim());
    const from = match ? Number(match[1]) : NaN;
    const to = match?.[2] !== undefined ? Number(match[2]) : from;
    if (!match || to < from || to >= MAX_MOCKED_INVOCATIONS) {
      problems.push({
        path: `${at}.${key}`,
        message: `is not an invocation index: write '0', '1' or a range such as '1-2' (below ${MAX_MOCKED_INVOCATIONS})`,
      });
      return undefined;
    }
    const response: MockedResponse =
      'Return' in raw
        ? { return: raw.Return }
        : { throw: { error: raw.Throw.Error, ...(raw.Throw.Cause !== undefined && { cause: raw.Throw.Cause }) } };
    ranges.push({ from, to, response, key });
  }
  if (ranges.length === 0) {
    problems.push({ path: at, message: 'has no response: give at least "0"' });
    return undefined;
  }
  ranges.sort((a, b) => a.from - b.from);
  const spelled: MockedResponse[] = [];
  for (const range of ranges) {
    if (range.from !== spelled.length) {
      problems.push({
        path: `${at}.${range.key}`,
        message: `starts at invocation ${range.from}, but ${spelled.length === 0 ? 'the first must be 0' : `the one before ended at ${spelled.length - 1}`}: number the invocations consecutively`,
      });
      return undefined;
    }
    for (let i = range.from; i <= range.to; i++) spelled.push(range.response);
  }
  return spelled;
}

/** The test case's mocked state names, or why there is no such test case. */
export function mockTestCase(
  config: MockConfig,
  stateMachine: string,
  testCase: string,
): { ok: true; states: ReadonlyMap<string, string> } | { ok: false; problem: string } {
  const cases = config.stateMachines.get(stateMachine);
  if (!cases)
    return {
      ok: false,
      problem: `the mock configuration has no state machine '${stateMachine}' (it has ${listed([...config.stateMachines.keys()])})`,
    };
  const states = cases.get(testCase);
  if (!states)
    return {
      ok: false,
      problem: `the mock configuration has no test case '${testCase}' for '${stateMachine}' (it has ${listed([...cases.keys()])})`,
    };
  return { ok: true, states };
}

/**
 * The response for a state's run: `retryCount` is how many retries the state had before this run
 * in this visit (Step Functions Local's invocation index, `$$.State.RetryCount`).
 */
export function mockedResponse(
  config: MockConfig,
  responseName: string,
  retryCount: number,
): MockedResponse | undefined {
  return config.responses.get(responseName)?.[retryCount];
}

const listed = (names: string[]): string => (names.length === 0 ? 'none' : names.map((name) => `'${name}'`).join(', '));
