import { useMemo } from 'preact/hooks';
import { edgePath, type GraphLayout, layoutGraph, type PlacedNode, STATE_LABEL } from '../graph-layout';
import type { Graph } from '../types';

interface Props {
  graph: Graph;
  selected?: string;
  onSelect?: (task: string) => void;
  /** Where a fan-out box's counts link to (its children), on an execution's graph; none: no link. */
  childrenHref?: (task: string) => string | undefined;
}

/**
 * The flow's graph as SVG: tasks coloured by state (`data-state`), edges the execution took drawn
 * bold with how often (`data-taken`), retries as loops, catches dashed. A map or parallel task is
 * a rounded box holding its sub-flows, each in a labelled box of its own, drawn behind them. A
 * click selects a task of the flow's own (a sub-flow's tasks run in the fan-out's children); a
 * fan-out box's counts link to those children.
 */
export function GraphView({ graph, selected, onSelect, childrenHref }: Props) {
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
        <Boxes layout={layout} selected={selected} onSelect={onSelect} childrenHref={childrenHref} />
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
        {layout.nodes
          .filter((node) => !node.fanOut)
          .map((node) =>
            node.terminal ? (
              <g class={`node marker ${node.marker}`} data-node={node.id}>
                <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={node.height / 2} />
                <text x={node.x + node.width / 2} y={node.y + node.height / 2 + 4} text-anchor="middle">
                  {node.marker}
                </text>
              </g>
            ) : (
              <TaskNode node={node} selected={selected} onSelect={onSelect} />
            ),
          )}
      </svg>
      {graph.path_partial && (
        <p class="note">The path shows the first steps only: this execution is longer than the graph reads.</p>
      )}
    </div>
  );
}

interface NodeProps {
  node: PlacedNode;
  selected?: string;
  onSelect?: (task: string) => void;
  childrenHref?: (task: string) => string | undefined;
}

/** A task: its name and its type (and state); a fan-out's box, its name at the top. */
function TaskNode({ node, selected, onSelect, childrenHref }: NodeProps) {
  // Only the flow's own tasks have runs to show; a sub-flow's run in the fan-out's children.
  const select = node.group === undefined ? onSelect : undefined;
  const children = node.fanOut && node.group === undefined ? childrenHref?.(node.id) : undefined;
  const sublabel = (
    <text class="type" x={node.x + node.width / 2} y={node.y + 37} text-anchor="middle">
      {node.sublabel}
    </text>
  );
  return (
    <g
      class={`node task state-${node.state ?? 'none'}${node.fanOut ? ` fan-out ${node.fanOut}` : ''}${selected === node.id ? ' selected' : ''}`}
      data-task={node.id}
      data-state={node.state ?? ''}
      {...(node.group !== undefined && { 'data-group': node.group })}
      {...(node.fanOut && { 'data-fan-out': node.fanOut })}
      onClick={() => select?.(node.id)}
      tabIndex={select ? 0 : -1}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && select?.(node.id)}
    >
      <title>{`${node.label}: ${node.sublabel}`}</title>
      <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={node.fanOut ? 12 : 8} />
      {node.start && <circle cx={node.x} cy={node.y} r={5} class="start-dot" />}
      <text class="name" x={node.x + node.width / 2} y={node.y + 20} text-anchor="middle">
        {node.label}
      </text>
      {children ? (
        <a
          class="children-link"
          href={children}
          data-children-of={node.id}
          aria-label={`the children of ${node.label}`}
          // The link opens the children; it is no click on the box (which would select the task).
          onClick={(e) => e.stopPropagation()}
        >
          {sublabel}
        </a>
      ) : (
        sublabel
      )}
    </g>
  );
}

/**
 * The fan-outs' boxes and their sub-flows' boxes, behind everything else, outer ones first so
 * that a box nested in a sub-flow is drawn over the sub-flow's box.
 */
function Boxes({ layout, selected, onSelect, childrenHref }: { layout: GraphLayout } & Omit<NodeProps, 'node'>) {
  const depths = [...new Set([...layout.nodes.filter((n) => n.fanOut).map((n) => n.depth)])].sort((a, b) => a - b);
  return (
    <>
      {depths.map((depth) => (
        <>
          {layout.nodes
            .filter((n) => n.fanOut && n.depth === depth)
            .map((node) => (
              <TaskNode node={node} selected={selected} onSelect={onSelect} childrenHref={childrenHref} />
            ))}
          {layout.groups
            .filter((g) => g.depth === depth)
            .map((group) => (
              <g class="sub-flow" data-group={group.id}>
                <rect x={group.x} y={group.y} width={group.width} height={group.height} rx={10} />
                <text x={group.x + 10} y={group.y + 15}>
                  {group.label}
                </text>
              </g>
            ))}
        </>
      ))}
    </>
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
