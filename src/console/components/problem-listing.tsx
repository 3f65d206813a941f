import type { ProblemDetail } from '../api';
import { lineOf } from '../json-locate';

/**
 * The pasted JSON with line numbers, each validation problem written beside the line of its field
 * (or of the nearest enclosing one, for a missing field). Problems no line can hold come first.
 */
export function ProblemListing({
  text,
  lines,
  problems,
}: {
  text: string;
  lines: Map<string, number>;
  problems: ProblemDetail[];
}) {
  const byLine = new Map<number, ProblemDetail[]>();
  const unplaced: ProblemDetail[] = [];
  for (const problem of problems) {
    const line = lineOf(lines, problem.path);
    if (line === undefined) unplaced.push(problem);
    else byLine.set(line, [...(byLine.get(line) ?? []), problem]);
  }
  return (
    <div class="problem-listing">
      {unplaced.map((p) => (
        <p class="problem" data-problem-path={p.path}>
          <code>{p.path}</code> {p.message}
        </p>
      ))}
      <ol class="source">
        {text.split('\n').map((content, i) => {
          const here = byLine.get(i + 1);
          return (
            <li class={here ? 'has-problem' : ''} value={i + 1}>
              <code>{content || ' '}</code>
              {here?.map((p) => (
                <span class="problem" data-problem-path={p.path} data-line={i + 1}>
                  <code>{p.path}</code> {p.message}
                </span>
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
