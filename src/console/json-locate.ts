/**
 * Where each field of a JSON text is, by the path the API names it in an error detail
 * (`flow.tasks[1].name`: keys joined by dots, indexes in brackets): so that the flow page can show
 * each validation problem beside its line. Pure; only run on text JSON.parse accepted.
 */
export function fieldLines(text: string, prefix = ''): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
  const value = (path: string, at: number): void => {
    skipSpace();
    if (path !== '' && !lines.has(path)) lines.set(path, at);
    const c = text[i];
    if (c === '{') {
      i++;
      skipSpace();
      while (i < text.length && text[i] !== '}') {
        skipSpace();
        const keyLine = line;
        const key = readString();
        skipSpace();
        i++; // colon
        value(join(path, key), keyLine);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '[') {
      i++;
      skipSpace();
      for (let index = 0; i < text.length && text[i] !== ']'; index++) {
        skipSpace();
        value(`${path}[${index}]`, line);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  };
  value(prefix.replace(/\.$/, ''), 1);
  return lines;
}

/** The line of a detail's path, or of its nearest ancestor that the text has (a missing field: its object). */
export function lineOf(lines: Map<string, number>, path: string): number | undefined {
  for (let p = path; p !== ''; p = parentPath(p)) {
    const found = lines.get(p);
    if (found !== undefined) return found;
  }
  return undefined;
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}
