import { expectsOutput, loadAslCorpus, type AslCorpusCase } from '../support/asl-corpus';
import { api } from '../support/http';

/**
 * Every case of the ASL semantics corpus (tests/corpus/asl, see docs/testing.md) through the HTTP
 * API, as users and Step Functions suites run a state machine: POST /api/v1/flows/execute with
 * `{ asl, input }`, then GET /api/v1/flows/executions/{id} until it has ended, comparing its
 * `output`, or its `error_code` (the error name) and `error` (the cause).
 */
const corpus = loadAslCorpus();

/** The execution's view once it is no longer RUNNING (each GET holds up to 10 s while it runs). */
async function runThroughApi(entry: AslCorpusCase) {
  const started = await api('POST', '/api/v1/flows/execute', { json: { asl: entry.definition, input: entry.input } });
  expect([started.status, started.body.error]).toEqual([202, undefined]);
  const id = started.body.execution_id as string;
  for (let round = 0; round < 12; round++) {
    const view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=10`);
    expect(view.status).toBe(200);
    if (view.body.status !== 'RUNNING') return view.body;
  }
  throw new Error(`execution ${id} (${entry.topic}: ${entry.name}) still running after two minutes`);
}

describe('ASL semantics corpus through the HTTP API', () => {
  it.concurrent.each(corpus.map((entry) => [`${entry.topic}: ${entry.name}`, entry] as const))(
    '%s',
    async (_name, entry) => {
      const view = await runThroughApi(entry);
      if (expectsOutput(entry.expected)) {
        expect({ status: view.status, error_code: view.error_code, error: view.error }).toEqual({
          status: 'SUCCEEDED',
          error_code: null,
          error: null,
        });
        expect(view.output).toEqual(entry.expected.output);
      } else {
        expect(view.status).toBe('FAILED');
        expect(view.error_code).toBe(entry.expected.error);
        if (entry.expected.cause !== undefined) expect(view.error).toBe(entry.expected.cause);
      }
    },
    150_000,
  );
});
