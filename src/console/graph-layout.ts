import dagre from '@dagrejs/dagre';
import { END_NODE, FAIL_NODE } from '../graph/flow-graph';
import type { EdgeKind, Graph, NodeState } from './types';

export interface PlacedNode {
  /** The graph's node id (a task's `id`, or an end or fail node's). */
  id: string;
  label: string;
  sublabel: string;
  /** A task's state on an execution's graph; the end markers have none. */
  state?: NodeState;
  terminal: boolean;
  /** An end marker: whether it ends (or fails) the flow or the sub-flow it is drawn in. */
  marker?: 'end' | 'fail';
  start: boolean;
  /** The sub-flow it is drawn in; absent at the flow's top level. */
  group?: string;
  /** A map or parallel task: a box holding its sub-flows, its name at the top. */
  fanOut?: 'parallel' | 'map';
  /** How many boxes hold it: paint order, outer first. */
  depth: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A sub-flow's box inside its fan-out's: a parallel's branch, a map's item processor. */
export interface PlacedGroup {
  id: string;
  label: string;
  depth: number;
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
  groups: PlacedGroup[];
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
/** A fan-out box: its name and type above its sub-flows, the sub-flows side by side. */
const FAN_OUT_TITLE = 44;
const FAN_OUT_PADDING = 12;
const GROUP_LABEL = 22;
const GROUP_GAP = 16;

const textWidth = (text: string) => Math.ceil(text.length * CHAR_WIDTH);

type GraphTask = Graph['tasks'][number];
interface Offset {
  dx: number;
  dy: number;
}

/**
 * Lays the graph out top to bottom with dagre (a layered layout made for flow charts: few
 * crossings, edges routed around nodes, self-loops for retries). A map or parallel task is a box
 * holding its sub-flows: each sub-flow is laid out on its own first, inside out, and the fan-out
 * then placed as one node of its box's size, so every flow keeps a compact layout of its own and
 * no edge crosses a box (dagre's compound layout spaces nested clusters by their depth, several
 * times the rank gap). Pure: the same graph always gets the same picture, so it is unit-tested
 * without a browser.
 */
export function layoutGraph(graph: Graph): GraphLayout {
  const placed = layoutFlow(graph, undefined, 0);
  return {
    width: placed.width,
    height: placed.height,
    nodes: placed.nodes,
    groups: placed.groups,
    edges: placed.edges,
  };
}

/** One flow (the graph's own, or a sub-flow) laid out from (0, 0), its sub-flows inside their boxes. */
function layoutFlow(graph: Graph, group: string | undefined, depth: number): GraphLayout {
  const inFlow = graph.groups.find((g) => g.id === group);
  const start = inFlow ? inFlow.start : graph.start;
  const markers: Record<string, 'end' | 'fail'> = inFlow
    ? { [inFlow.end]: 'end', [inFlow.fail]: 'fail' }
    : { [END_NODE]: 'end', [FAIL_NODE]: 'fail' };
  const tasks = graph.tasks.filter((t) => t.group === group);
  const edges = graph.edges.filter((e) => e.group === group);
  const boxes = new Map(tasks.filter((t) => t.fan_out).map((t) => [t.id, fanOutBox(graph, t, depth)]));

  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 48, edgesep: 16, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const task of tasks) {
    const box = boxes.get(task.id);
    const sublabel = sublabelOf(task);
    const width = Math.max(120, textWidth(task.name) + 28, textWidth(sublabel) + 28);
    g.setNode(task.id, box ? { width: Math.max(width, box.width), height: box.height } : { width, height: 48 });
  }
  for (const to of new Set(edges.map((e) => e.to))) if (markers[to]) g.setNode(to, { width: 72, height: 32 });
  edges.forEach((edge, i) => {
    const label = edgeLabel(edge.label, edge.times_taken ?? 0);
    g.setEdge(edge.from, edge.to, { width: textWidth(label) + 8, height: 16, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(g);

  const layout: GraphLayout = { width: 0, height: 0, nodes: [], groups: [], edges: [] };
  for (const id of g.nodes()) {
    const n = g.node(id);
    const task = tasks.find((t) => t.id === id);
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2;
    layout.nodes.push({
      id,
      label: task ? task.name : markers[id]!,
      sublabel: task ? sublabelOf(task) : '',
      ...(task?.state && { state: task.state }),
      terminal: !task,
      ...(!task && { marker: markers[id] }),
      start: id === start,
      ...(group !== undefined && { group }),
      ...(task?.fan_out && { fanOut: task.fan_out.kind }),
      depth,
      x,
      y,
      width: n.width,
      height: n.height,
    });
    const box = boxes.get(id);
    if (box) place(layout, box.content, { dx: x + (n.width - box.width) / 2, dy: y });
  }
  layout.edges.push(
    ...edges.map((edge, i) => {
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
    }),
  );
  const size = g.graph();
  layout.width = Math.ceil(size.width ?? 0);
  layout.height = Math.ceil(size.height ?? 0);
  return layout;
}

/**
 * A fan-out's box: its sub-flows laid out, each in a labelled box, side by side under the
 * fan-out's title. What it holds is placed from the box's top left corner.
 */
function fanOutBox(
  graph: Graph,
  task: GraphTask,
  depth: number,
): { width: number; height: number; content: GraphLayout } {
  const content: GraphLayout = { width: 0, height: 0, nodes: [], groups: [], edges: [] };
  let x = FAN_OUT_PADDING;
  let height = 0;
  for (const id of task.fan_out!.groups) {
    const group = graph.groups.find((g) => g.id === id)!;
    const inner = layoutFlow(graph, id, depth + 1);
    const width = Math.max(inner.width, textWidth(group.label) + 2 * FAN_OUT_PADDING);
    const boxHeight = GROUP_LABEL + inner.height;
    content.groups.push({ id, label: group.label, depth, x, y: FAN_OUT_TITLE, width, height: boxHeight });
    place(content, inner, { dx: x + (width - inner.width) / 2, dy: FAN_OUT_TITLE + GROUP_LABEL });
    x += width + GROUP_GAP;
    height = Math.max(height, boxHeight);
  }
  const width = x - GROUP_GAP + FAN_OUT_PADDING;
  return { width, height: FAN_OUT_TITLE + height + FAN_OUT_PADDING, content };
}

/** Moves what `from` holds by the offset into `into`. */
function place(into: GraphLayout, from: GraphLayout, { dx, dy }: Offset): void {
  into.nodes.push(...from.nodes.map((n) => ({ ...n, x: n.x + dx, y: n.y + dy })));
  into.groups.push(...from.groups.map((g) => ({ ...g, x: g.x + dx, y: g.y + dy })));
  into.edges.push(
    ...from.edges.map((e) => ({
      ...e,
      points: e.points.map((p) => ({ x: p.x + dx, y: p.y + dy })),
      labelX: e.labelX + dx,
      labelY: e.labelY + dy,
    })),
  );
}

/** A task's type and state; a fan-out's kind, its branches, and how its children ended once it ran. */
function sublabelOf(task: GraphTask): string {
  const fanOut = task.fan_out;
  const counts = fanOut?.counts;
  const parts = [
    fanOut?.kind === 'parallel' ? `parallel · ${fanOut.groups.length} branches` : task.task_type,
    ...(counts
      ? [`${counts.succeeded} of ${counts.total} succeeded${counts.failed > 0 ? `, ${counts.failed} failed` : ''}`]
      : []),
    ...(task.state ? [STATE_LABEL[task.state]] : []),
  ];
  return parts.join(' · ');
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
