import { expectsOutput, loadAslCorpus } from '../support/asl-corpus';
import { runMachine } from '../support/asl-machine-runner';

/**
 * Every case of the ASL semantics corpus (tests/corpus/asl, see docs/testing.md) run on the
 * in-memory engine: the output of a machine that succeeds, or the error name (and cause, when the
 * case gives one) of one that fails, as Step Functions documents them.
 */
const corpus = loadAslCorpus();
const byTopic = new Map<string, typeof corpus>();
for (const entry of corpus) byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry]);

describe('ASL semantics corpus', () => {
  it('holds cases of every topic, with names unique within the corpus', () => {
    expect(byTopic.size).toBeGreaterThanOrEqual(10);
    expect(new Set(corpus.map((c) => `${c.topic}/${c.name}`)).size).toBe(corpus.length);
  });

  describe.each([...byTopic.keys()])('%s', (topic) => {
    it.each(byTopic.get(topic)!.map((c) => [c.name, c] as const))('%s', async (_name, entry) => {
      const execution = await runMachine(entry.definition, entry.input);
      if (expectsOutput(entry.expected)) {
        expect({ status: execution.status, reason: execution.reason, error: execution.error }).toEqual({
          status: 'SUCCEEDED',
          reason: undefined,
          error: undefined,
        });
        expect(execution.state.data).toEqual(entry.expected.output);
      } else {
        expect(execution.status).toBe('FAILED');
        expect(execution.reason).toBe(entry.expected.error);
        if (entry.expected.cause !== undefined) expect(execution.error).toBe(entry.expected.cause);
      }
    });
  });
});
