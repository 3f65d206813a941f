import { IntrinsicSyntaxError } from './intrinsic-failure';
import {
  INTRINSIC_FUNCTION_NAMES,
  type IntrinsicArgument,
  type IntrinsicCall,
  type IntrinsicFunctionName,
  type IntrinsicPath,
  type IntrinsicStringLiteral,
  MAX_INTRINSIC_CALLS,
} from './intrinsic-syntax';

/**
 * The grammar of intrinsic function calls, as the States Language and Step Functions' documentation
 * give it: `States.<Name>(<argument>, …)`, where an argument is a string in single quotes (with the
 * escapes `\'`, `\{`, `\}` and `\\`, and no other), a JSON number, `true`, `false`, `null`, a path
 * (`$…`, `$$…`) or another call. Blanks may stand between the parts. A small hand-written parser:
 * the grammar is a handful of tokens, and no library parses this language.
 */
export function parseIntrinsic(expression: string): IntrinsicCall {
  return new IntrinsicParser(expression).parseExpression();
}

/** Whether a `.$` value is meant as an intrinsic call rather than a path: it names a `States.` function. */
export const isIntrinsicInvocation = (value: string): boolean => /^\s*States\./.test(value);

const KNOWN = new Set<string>(INTRINSIC_FUNCTION_NAMES);
const ESCAPABLE = new Set(["'", '{', '}', '\\']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const BLANK = /\s/;

class IntrinsicParser {
  private pos = 0;
  private calls = 0;

  constructor(private readonly src: string) {}

  parseExpression(): IntrinsicCall {
    this.skipBlanks();
    if (!this.src.startsWith('States.', this.pos)) {
      throw this.error(`expected an intrinsic function call such as States.Format(…), found ${this.found()}`);
    }
    const call = this.call();
    this.skipBlanks();
    if (this.pos < this.src.length) {
      throw this.error(`unexpected ${this.found()} after the call's closing ')'`);
    }
    return call;
  }

  private call(): IntrinsicCall {
    const start = this.pos;
    this.calls += 1;
    if (this.calls > MAX_INTRINSIC_CALLS) {
      throw this.error(`at most ${MAX_INTRINSIC_CALLS} intrinsic functions may be used in one field`, start);
    }
    this.pos += 'States.'.length;
    const name = this.match(WORD);
    if (name === undefined || !KNOWN.has(name)) {
      const written = name === undefined ? 'nothing' : `'States.${name}'`;
      throw this.error(
        `unknown intrinsic function ${written}; the functions are ${INTRINSIC_FUNCTION_NAMES.map((n) => `States.${n}`).join(', ')}`,
        start,
      );
    }
    this.skipBlanks();
    this.expect('(', `'(' after States.${name}`);
    const args: IntrinsicArgument[] = [];
    this.skipBlanks();
    if (this.src[this.pos] === ')') {
      this.pos += 1;
    } else {
      for (;;) {
        args.push(this.argument());
        this.skipBlanks();
        const next = this.src[this.pos];
        this.pos += 1;
        if (next === ')') break;
        if (next !== ',') {
          this.pos -= 1;
          throw this.error(`expected ',' or ')' after an argument of States.${name}, found ${this.found()}`);
        }
        this.skipBlanks();
      }
    }
    return { kind: 'call', name: name as IntrinsicFunctionName, args, start, text: this.src.slice(start, this.pos) };
  }

  private argument(): IntrinsicArgument {
    const start = this.pos;
    const first = this.src[start];
    if (first === "'") return this.string();
    if (first === '$') return this.path();
    if (first === '-' || (first !== undefined && first >= '0' && first <= '9')) {
      const written = this.match(NUMBER);
      const value = Number(written);
      if (written === undefined || !Number.isFinite(value)) throw this.error('not a valid JSON number', start);
      return { kind: 'number', value, start, text: written };
    }
    if (this.src.startsWith('States.', start)) return this.call();
    const word = this.match(WORD);
    const text = word ?? '';
    if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', start, text };
    if (word === 'null') return { kind: 'null', start, text };
    this.pos = start;
    throw this.error(
      `expected an argument ('text', a number, true, false, null, a $ path or a States. call), found ${this.found()}`,
    );
  }

  /** `'…'`: only `\'`, `\{`, `\}` and `\\` are escapes; an unescaped `{}` is a placeholder for Format. */
  private string(): IntrinsicStringLiteral {
    const start = this.pos;
    this.pos += 1;
    let value = '';
    let part = '';
    const formatParts: string[] = [];
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) throw this.error('the string opened here is not closed', start);
      if (ch === "'") break;
      if (ch === '\\') {
        const escaped = this.src[this.pos + 1];
        if (escaped === undefined || !ESCAPABLE.has(escaped)) {
          throw this.error(
            `'\\${escaped ?? ''}' is not an escape: a backslash escapes only ', {, } and \\ (write \\\\ for a backslash)`,
          );
        }
        value += escaped;
        part += escaped;
        this.pos += 2;
      } else if (ch === '{' && this.src[this.pos + 1] === '}') {
        value += '{}';
        formatParts.push(part);
        part = '';
        this.pos += 2;
      } else {
        value += ch;
        part += ch;
        this.pos += 1;
      }
    }
    this.pos += 1;
    formatParts.push(part);
    return { kind: 'string', value, formatParts, start, text: this.src.slice(start, this.pos) };
  }

  /**
   * `$…` up to the next `,`, `)` or blank outside brackets (`$['a, b']` and `$.a[?(@.b > 1)]` are one
   * path). Reading it is left to the caller: this module knows no JSONPath.
   */
  private path(): IntrinsicPath {
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (depth === 0 && (ch === ',' || ch === ')' || BLANK.test(ch))) break;
      if (ch === '[') depth += 1;
      else if (ch === ']') {
        if (depth === 0) throw this.error("']' closes no '['");
        depth -= 1;
      } else if (depth > 0 && (ch === "'" || ch === '"')) this.skipQuoted(ch);
      this.pos += 1;
    }
    if (depth > 0) throw this.error("a '[' of this path is not closed", start);
    const text = this.src.slice(start, this.pos);
    if (!/^(?:\$\$?(?:$|[.[])|\$[A-Za-z_])/.test(text)) {
      throw this.error(`'${text}' is not a path: write $ or $.field (the input), $$.Field (the context)`, start);
    }
    const root = text.startsWith('$$') ? 'context' : /^\$[A-Za-z_]/.test(text) ? 'variable' : 'input';
    return { kind: 'path', root, start, text };
  }

  /** Leaves `pos` on the closing quote of a quoted name inside a path's brackets. */
  private skipQuoted(quote: string): void {
    const open = this.pos;
    this.pos += 1;
    while (this.src[this.pos] !== quote) {
      if (this.pos >= this.src.length) throw this.error('a quoted name of this path is not closed', open);
      if (this.src[this.pos] === '\\') this.pos += 1;
      this.pos += 1;
    }
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.src);
    if (!found) return undefined;
    this.pos += found[0].length;
    return found[0];
  }

  private expect(token: string, what: string): void {
    if (this.src[this.pos] !== token) throw this.error(`expected ${what}, found ${this.found()}`);
    this.pos += 1;
  }

  private skipBlanks(): void {
    while (this.pos < this.src.length && BLANK.test(this.src[this.pos]!)) this.pos += 1;
  }

  private found(): string {
    const rest = this.src.slice(this.pos);
    if (rest === '') return 'the end of the text';
    return `'${rest.length > 20 ? `${rest.slice(0, 20)}…` : rest}'`;
  }

  private error(problem: string, position = this.pos): IntrinsicSyntaxError {
    return new IntrinsicSyntaxError(problem, position);
  }
}
