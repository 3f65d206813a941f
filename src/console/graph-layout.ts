import dagre from '@dagrejs/dagre';
import { END_NODE, FAIL_NODE } from '../graph/flow-graph';
import type { EdgeKind, Graph, NodeState } from './types';

export interface PlacedNode {
  id: string;
  label: string;
  sublabel: string;
  /** A task's state on an execution's graph; the end markers have none. */
  state?: NodeState;
  terminal: boolean;
  start: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string;
  /** The whole text the label stands for (a choice rule's condition), shown on hover. */
  title: string;
  timesTaken: number;
  points: Array<{ x: number; y: number }>;
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const STATE_LABEL: Record<NodeState, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  running: 'running',
  waiting: 'waiting',
  stopped: 'stopped here',
  not_reached: 'not reached',
  pending: 'not reached yet',
};

const CHAR_WIDTH = 7.4; // of the 13px UI font, generous so that no name is cut
const MARGIN = 16;

const textWidth = (text: string) => Math.ceil(text.length * CHAR_WIDTH);

/**
 * Lays the graph out top to bottom with dagre (a layered layout made for flow charts: few
 * crossings, edges routed around nodes, self-loops for retries). Pure: the same graph always gets
 * the same picture, so it is unit-tested without a browser.
 */
export function layoutGraph(graph: Graph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 48, edgesep: 16, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const task of graph.tasks) {
    const sublabel = task.state ? `${task.task_type} · ${STATE_LABEL[task.state]}` : task.task_type;
    g.setNode(task.name, { width: Math.max(120, textWidth(task.name) + 28, textWidth(sublabel) + 28), height: 48 });
  }
  const markers = new Set(graph.edges.map((e) => e.to).filter((to) => to === END_NODE || to === FAIL_NODE));
  for (const marker of markers) g.setNode(marker, { width: 72, height: 32 });
  graph.edges.forEach((edge, i) => {
    const label = edgeLabel(edge.label, edge.times_taken ?? 0);
    g.setEdge(edge.from, edge.to, { width: textWidth(label) + 8, height: 16, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(g);

  const nodes: PlacedNode[] = g.nodes().map((id) => {
    const n = g.node(id);
    const task = graph.tasks.find((t) => t.name === id);
    return {
      id,
      label: id,
      sublabel: task ? (task.state ? `${task.task_type} · ${STATE_LABEL[task.state]}` : task.task_type) : '',
      ...(task?.state && { state: task.state }),
      terminal: !task,
      start: id === graph.start,
      x: n.x - n.width / 2,
      y: n.y - n.height / 2,
      width: n.width,
      height: n.height,
    };
  });
  const edges: PlacedEdge[] = graph.edges.map((edge, i) => {
    const e = g.edge({ v: edge.from, w: edge.to, name: `e${i}` }) as dagre.GraphEdge & { x: number; y: number };
    return {
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      label: edgeLabel(edge.label, edge.times_taken ?? 0),
      title: edge.condition ?? edge.label,
      timesTaken: edge.times_taken ?? 0,
      points: e.points.map((p) => ({ x: p.x, y: p.y })),
      labelX: e.x,
      labelY: e.y,
    };
  });
  const size = g.graph();
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges };
}

/** An edge's label, with how often the execution went along it. */
export const edgeLabel = (label: string, timesTaken: number): string =>
  timesTaken > 0 ? `${label} · taken ${timesTaken}×` : label;

/** An SVG path through the layout's points, smoothed with quadratic curves at the bends. */
export function edgePath(points: ReadonlyArray<{ x: number; y: number }>): string {
  const [first, ...rest] = points;
  if (!first) return '';
  if (rest.length < 2) return `M${first.x},${first.y}` + rest.map((p) => ` L${p.x},${p.y}`).join('');
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const control = rest[i]!;
    const next = rest[i + 1]!;
    const end = i === rest.length - 2 ? next : { x: (control.x + next.x) / 2, y: (control.y + next.y) / 2 };
    d += ` Q${control.x},${control.y} ${end.x},${end.y}`;
  }
  return d;
}
