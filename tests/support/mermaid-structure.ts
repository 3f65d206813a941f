/**
 * Reads a Mermaid state diagram's structure as the grammar of Mermaid's stateDiagram parser does
 * (packages/mermaid/src/diagrams/state/parser/stateDiagram.jison): `state X {` opens a composite
 * state, `}` closes it, `--` starts a concurrent region inside one, `X: label` declares a state in
 * the region it is written in, `A --> B[: label]` is a transition there. Mermaid declares a state
 * on its first mention wherever that is, so a transition naming a state of another region would
 * silently draw a new, empty one there: this reader refuses it, with unbalanced braces, a `--`
 * outside a composite and a state declared in two places.
 */
export interface Region {
  /** States declared here (`[*]` excluded), in order. */
  states: string[];
  transitions: Array<{ from: string; to: string; label?: string }>;
  /** The composites declared here, by state id: each one's regions in order. */
  composites: Map<string, Region[]>;
}

const newRegion = (): Region => ({ states: [], transitions: [], composites: new Map() });

export function mermaidStructure(text: string): Region {
  const lines = text.split('\n');
  if (lines[0] !== 'stateDiagram-v2') throw new Error('not a stateDiagram-v2');
  const root = newRegion();
  // The open composites: each one's regions, the last being the one written in.
  const stack: Region[][] = [[root]];
  const declared = new Map<string, string>();
  const here = () => stack[stack.length - 1]!.at(-1)!;
  lines.slice(1).forEach((raw, i) => {
    const line = raw.trim();
    const where = `line ${i + 2}: ${raw}`;
    if (line === '' || line.startsWith('%%') || /^classDef |^class /.test(line)) return;
    let m: RegExpMatchArray | null;
    if ((m = /^state ([^\s{:-]+) \{$/.exec(line))) {
      const regions = [newRegion()];
      declare(m[1]!, where);
      here().composites.set(m[1]!, regions);
      stack.push(regions);
    } else if (line === '}') {
      if (stack.length === 1) throw new Error(`unbalanced }: ${where}`);
      stack.pop();
    } else if (line === '--') {
      if (stack.length === 1) throw new Error(`-- outside a composite state: ${where}`);
      stack[stack.length - 1]!.push(newRegion());
    } else if ((m = /^(\[\*\]|[^\s:-]+) --> (\[\*\]|[^\s:-]+)(?:: (.*))?$/.exec(line))) {
      here().transitions.push({ from: m[1]!, to: m[2]!, ...(m[3] !== undefined && { label: m[3] }) });
    } else if ((m = /^([^\s:-]+): (.+)$/.exec(line))) {
      declare(m[1]!, where);
    } else throw new Error(`not a statement this reader knows: ${where}`);
  });
  if (stack.length !== 1) throw new Error(`${stack.length - 1} composite state(s) left open`);
  check(root);
  return root;

  function declare(id: string, where: string) {
    const region = here();
    const before = declared.get(id);
    if (before !== undefined && !region.states.includes(id))
      throw new Error(`${id} declared again elsewhere: ${where}`);
    declared.set(id, where);
    if (!region.states.includes(id)) region.states.push(id);
  }
}

/** Every transition's ends are `[*]` or states declared in its own region. */
function check(region: Region): void {
  for (const { from, to } of region.transitions)
    for (const end of [from, to])
      if (end !== '[*]' && !region.states.includes(end))
        throw new Error(`transition ${from} --> ${to} names ${end}, not declared in its region`);
  for (const regions of region.composites.values()) regions.forEach(check);
}
