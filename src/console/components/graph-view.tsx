import { useMemo } from 'preact/hooks';
import { FAIL_NODE } from '../../graph/flow-graph';
import { edgePath, layoutGraph, STATE_LABEL } from '../graph-layout';
import type { Graph } from '../types';

interface Props {
  graph: Graph;
  selected?: string;
  onSelect?: (task: string) => void;
}

/**
 * The flow's graph as SVG: tasks coloured by state (`data-state`), edges the execution took drawn
 * bold with how often (`data-taken`), retries as loops, catches dashed. A click selects a task.
 */
export function GraphView({ graph, selected, onSelect }: Props) {
  const layout = useMemo(() => layoutGraph(graph), [graph]);
  return (
    <div class="graph-scroll">
      <svg
        class="graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="flow graph"
      >
        <defs>
          {['plain', 'taken'].map((kind) => (
            <marker
              id={`arrow-${kind}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="9"
              markerHeight="9"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" class={`arrowhead ${kind}`} />
            </marker>
          ))}
        </defs>
        {layout.edges.map((edge) => (
          <g
            class={`edge kind-${edge.kind}${edge.timesTaken > 0 ? ' taken' : ''}`}
            data-from={edge.from}
            data-to={edge.to}
            data-kind={edge.kind}
            data-taken={edge.timesTaken}
          >
            <title>{edge.title}</title>
            <path d={edgePath(edge.points)} marker-end={`url(#arrow-${edge.timesTaken > 0 ? 'taken' : 'plain'})`} />
            <text x={edge.labelX} y={edge.labelY + 4} text-anchor="middle">
              {edge.label}
            </text>
          </g>
        ))}
        {layout.nodes.map((node) =>
          node.terminal ? (
            <g class={`node marker ${node.id === FAIL_NODE ? 'fail' : 'end'}`} data-node={node.id}>
              <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={node.height / 2} />
              <text x={node.x + node.width / 2} y={node.y + node.height / 2 + 4} text-anchor="middle">
                {node.id === FAIL_NODE ? 'fail' : 'end'}
              </text>
            </g>
          ) : (
            <g
              class={`node task state-${node.state ?? 'none'}${selected === node.id ? ' selected' : ''}`}
              data-task={node.id}
              data-state={node.state ?? ''}
              onClick={() => onSelect?.(node.id)}
              tabIndex={0}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect?.(node.id)}
            >
              <title>{`${node.id}: ${node.sublabel}`}</title>
              <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={8} />
              {node.start && <circle cx={node.x} cy={node.y} r={5} class="start-dot" />}
              <text class="name" x={node.x + node.width / 2} y={node.y + 20} text-anchor="middle">
                {node.label}
              </text>
              <text class="type" x={node.x + node.width / 2} y={node.y + 37} text-anchor="middle">
                {node.sublabel}
              </text>
            </g>
          ),
        )}
      </svg>
      {graph.path_partial && (
        <p class="note">The path shows the first steps only: this execution is longer than the graph reads.</p>
      )}
    </div>
  );
}

/**
 * What the graph's colours and lines mean. A flow's graph (a preview, a saved flow) has no
 * execution, so no task states: only an execution's graph lists them, and the path taken.
 */
export function GraphLegend({ execution = false }: { execution?: boolean }) {
  return (
    <ul class="legend" aria-label="legend">
      {execution &&
        (['succeeded', 'failed', 'running', 'waiting', 'stopped', 'not_reached'] as const).map((state) => (
          <li data-legend={state}>
            <span class={`swatch state-${state}`} />
            {STATE_LABEL[state]}
          </li>
        ))}
      {execution ? (
        <li data-legend="taken">
          <span class="swatch taken-line" />
          path taken
        </li>
      ) : (
        <>
          <li data-legend="start">
            <span class="swatch start-dot" />
            start
          </li>
          <li data-legend="retry">
            <span class="swatch retry-line" />
            retry
          </li>
          <li data-legend="failure">
            <span class="swatch failure-line" />
            catch or failure
          </li>
        </>
      )}
    </ul>
  );
}
