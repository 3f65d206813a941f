import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

/**
 * flows/review-request.asl.json on the local stack: the saved child flows/reviewer.asl.json first,
 * then the parent, which starts it with `states:startExecution.waitForTaskToken` and waits until
 * the child answers with `aws-sdk:sfn:sendTaskSuccess` or `sendTaskFailure`, which the engine
 * answers itself.
 */
async function review(document: Record<string, unknown>) {
  const started = await api('POST', '/api/v1/flows/execute', {
    json: { asl: sampleFlow('review-request.asl.json'), input: { document } },
  });
  expect([started.status, started.body.error]).toEqual([202, undefined]);
  const id = started.body.execution_id as string;
  let view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=20`);
  for (let round = 0; view.body.status === 'RUNNING' && round < 5; round++)
    view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=20`);
  return view.body;
}

describe('the review request sample: a child started with a task token answers its parent', () => {
  beforeAll(async () => {
    const saved = await api('PUT', '/api/v1/flows/reviewer', { json: { asl: sampleFlow('reviewer.asl.json') } });
    expect([200, 201]).toContain(saved.status);
  });

  it('publishes a document its reviewer approves, with the output the child sent', async () => {
    const done = await review({ title: 'Release notes', words: 300 });
    expect([done.status, done.error]).toEqual(['SUCCEEDED', null]);
    expect(done.output).toEqual({ published: 'Release notes' });
  }, 120_000);

  it('reports a rejection the child sent as a failure, which the parent catches', async () => {
    const done = await review({ title: 'Novel', words: 90_000 });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ published: false, reason: '90000 words is over the limit of 1000' });
  }, 120_000);
});
