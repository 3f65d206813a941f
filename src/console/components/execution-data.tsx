import { prettyJson } from '../format';
import { type Execution, isTerminal } from '../types';
import { Section } from './common';

/**
 * What the execution was given and, beside it, what it handed out: the value its last task handed
 * on (after that task's `output`), which the API gives only once the execution SUCCEEDED.
 */
export function ExecutionData({ execution }: { execution: Pick<Execution, 'status' | 'input' | 'output'> }) {
  const { status } = execution;
  return (
    <Section title="Input and output">
      <div class="data-pair">
        <div data-testid="execution-input">
          <h3>Input</h3>
          <pre>{prettyJson(execution.input)}</pre>
        </div>
        <div
          data-testid="execution-output"
          data-state={status === 'SUCCEEDED' ? 'shown' : isTerminal(status) ? 'none' : 'pending'}
        >
          <h3>Output</h3>
          {status === 'SUCCEEDED' ? (
            <pre>{prettyJson(execution.output)}</pre>
          ) : (
            <p class="empty">
              {isTerminal(status)
                ? `None: the execution ended ${status}; only a succeeded execution has an output.`
                : 'Not yet: the output is known when the execution succeeds.'}
            </p>
          )}
        </div>
      </div>
    </Section>
  );
}
