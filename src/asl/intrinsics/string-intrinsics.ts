import type { IntrinsicFunction, IntrinsicArguments } from './intrinsic-arguments';

/**
 * A value as States.Format writes it in its text, as Step Functions does: a string as it is, an
 * array as `[1, 2]` and an object as `{a=1, b=[]}` (Java's way of printing lists and maps, which
 * Step Functions' answers show), anything else as JSON (`null`, `true`, `1.5`).
 */
export function formatText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatText).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${formatText(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The template's text around its `{}` placeholders. Written as a literal, an escaped brace (`\{}`)
 * is text; given by a path or another call, every `{}` in the string is a placeholder.
 */
function templateParts(args: IntrinsicArguments): string[] {
  const template = args.string(0);
  const node = args.node(0);
  return node.kind === 'string' ? node.formatParts : template.split('{}');
}

export const STRING_INTRINSICS = {
  /** `States.Format('Hello, my name is {}.', $.name)` → `'Hello, my name is Arnav.'`. */
  Format: {
    parameters: ['template'],
    variadic: true,
    run: (args) => {
      const parts = templateParts(args);
      const placeholders = parts.length - 1;
      if (args.count - 1 !== placeholders) {
        args.failCall(
          `the template has ${placeholders} placeholder(s) {} but ${args.count - 1} value(s) follow it; give one value for each {}`,
        );
      }
      return parts.reduce((text, part, i) => `${text}${formatText(args.value(i))}${part}`);
    },
  },

  /**
   * `States.StringSplit('1,2,3,4,5', ',')` → `['1','2','3','4','5']`. Every character of the second
   * argument is a delimiter, and empty pieces are left out (`',,a,'` → `['a']`), as Step Functions
   * answers.
   */
  StringSplit: {
    parameters: ['text', 'delimiter characters'],
    run: (args) => {
      const text = args.string(0);
      const delimiters = new Set(Array.from(args.string(1)));
      const pieces: string[] = [];
      let piece = '';
      for (const ch of text) {
        if (!delimiters.has(ch)) piece += ch;
        else if (piece !== '') {
          pieces.push(piece);
          piece = '';
        }
      }
      if (piece !== '') pieces.push(piece);
      return pieces;
    },
  },
} satisfies Record<string, IntrinsicFunction>;
