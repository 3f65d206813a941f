import { type ExecutionPath, type NodeState, timesTaken } from './execution-path';
import { END_NODE, FAIL_NODE, type FlowGraph } from './flow-graph';

/** Colours as in a Step Functions console: green done, red failed, blue running, amber waiting, purple where a stop caught it, grey not reached. */
const CLASS_DEFS: Record<NodeState, string> = {
  succeeded: 'fill:#d9f2dd,stroke:#1e7b34,color:#0b3d17',
  failed: 'fill:#fbdcdc,stroke:#b3261e,color:#5c0f0b',
  running: 'fill:#dbe8fb,stroke:#1a56b3,color:#0b2a5c',
  waiting: 'fill:#fdf0d2,stroke:#a86b00,color:#4d3100',
  stopped: 'fill:#f1e4f7,stroke:#6a1b9a,color:#38006b',
  not_reached: 'fill:#eeeeee,stroke:#9e9e9e,color:#555555',
  pending: 'fill:#ffffff,stroke:#9e9e9e,color:#333333',
};

/**
 * Mermaid's label syntax gives meaning to `:`, `;`, `#`, quotes, brackets and line breaks: every
 * character but letters, digits, spaces and `-_.,()×` is written as an entity code (`#58;`), which
 * Mermaid renders as the character itself. Task names are visible text, so nothing is lost.
 */
export function mermaidText(text: string): string {
  return [...text].map((c) => (/^[\p{L}\p{N} _.,()×-]$/u.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}

/**
 * A Mermaid state diagram of the flow; with an execution's path, each task coloured by its state
 * and each edge the execution took marked `✔` (with how often, when more than once). Task ids are
 * `t0`, `t1`, … in the flow's order, so no name can break the syntax; the names are the labels.
 */
export function toMermaid(graph: FlowGraph, path?: ExecutionPath): string {
  const ids = new Map(graph.tasks.map((t, i) => [t.name, `t${i}`]));
  const id = (target: string) => (target === END_NODE ? '[*]' : target === FAIL_NODE ? 'Failed' : ids.get(target)!);
  const lines = ['stateDiagram-v2'];
  for (const task of graph.tasks)
    lines.push(`  ${ids.get(task.name)}: ${mermaidText(task.name)} (${mermaidText(task.task_type)})`);
  if (graph.edges.some((e) => e.to === FAIL_NODE)) lines.push('  Failed: fail');
  lines.push(`  [*] --> ${id(graph.start)}`);
  for (const edge of graph.edges) {
    const times = path ? timesTaken(path, edge) : 0;
    const mark = times === 0 ? '' : times === 1 ? ' ✔' : ` ✔ ×${times}`;
    lines.push(`  ${id(edge.from)} --> ${id(edge.to)}: ${mermaidText(edge.label)}${mark}`);
  }
  if (path) {
    const byState = new Map<NodeState, string[]>();
    for (const [task, state] of path.states) byState.set(state, [...(byState.get(state) ?? []), ids.get(task)!]);
    for (const [state, style] of Object.entries(CLASS_DEFS))
      if (byState.has(state as NodeState)) lines.push(`  classDef ${state} ${style}`);
    for (const [state, members] of byState) lines.push(`  class ${members.join(',')} ${state}`);
    if (path.partial)
      lines.push('  %% only the first steps of a very long execution were read: the marks show part of its path');
  }
  return `${lines.join('\n')}\n`;
}
