/**
 * IR text -> Module, the inverse of print.ts. Used by golden tests ("text in, text out") and
 * by anyone writing IR by hand. Errors are thrown as IrParseError with the line and column of
 * the offending token. The parser checks syntax and that every used name is defined earlier;
 * type and structural invariants are the verifier's job.
 */
import { OPS, opDef } from './ops.js';
import { TYPES } from './types.js';
import type { AttrValue, Attrs, Block, Func, Module, Op, Span, Type, Value } from './types.js';

export class IrParseError extends Error {
  constructor(message: string, readonly line: number, readonly col: number) {
    super(`${line}:${col}: ${message}`);
  }
}

type TokKind = 'value' | 'global' | 'span' | 'ident' | 'number' | 'string' | 'punct' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  line: number;
  col: number;
  span?: Span;
}

const NUMBER_RE = /^-?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;

function tokenize(src: string, moduleFile: () => string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const err = (msg: string): never => {
    throw new IrParseError(msg, line, i - lineStart + 1);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === ';') {
      // comment to end of line
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const col = i - lineStart + 1;
    const rest = src.slice(i);
    let m: RegExpMatchArray | null;
    if (c === '%') {
      m = rest.match(/^%(?:[A-Za-z_$][\w$]*\.)?\d+/) ?? rest.match(/^%[A-Za-z_$][\w$.]*/);
      if (!m) err('bad value name');
      toks.push({ kind: 'value', text: m![0], line, col });
      i += m![0].length;
      continue;
    }
    if (c === '@') {
      if (rest.startsWith('@?')) {
        toks.push({ kind: 'span', text: '@?', line, col, span: { file: '', line: 0, col: 0, endLine: 0, endCol: 0 } });
        i += 2;
        continue;
      }
      m = rest.match(/^@(?:("(?:[^"\\]|\\.)*"):)?(\d+):(\d+)-(\d+):(\d+)/);
      if (m) {
        const file = m[1] ? (JSON.parse(m[1]) as string) : moduleFile();
        toks.push({ kind: 'span', text: m[0], line, col, span: { file, line: +m[2], col: +m[3], endLine: +m[4], endCol: +m[5] } });
        i += m[0].length;
        continue;
      }
      // Function names are JavaScript identifiers, Unicode letters included.
      m = rest.match(/^@[\p{ID_Start}_$][\p{ID_Continue}$\u200C\u200D]*/u);
      if (!m) err('bad @ token');
      toks.push({ kind: 'global', text: m![0].slice(1), line, col });
      i += m![0].length;
      continue;
    }
    if (c === '"') {
      m = rest.match(/^"(?:[^"\\]|\\.)*"/);
      if (!m) err('unterminated string');
      toks.push({ kind: 'string', text: JSON.parse(m![0]) as string, line, col });
      i += m![0].length;
      continue;
    }
    if (rest.startsWith('->')) {
      toks.push({ kind: 'punct', text: '->', line, col });
      i += 2;
      continue;
    }
    m = rest.match(NUMBER_RE);
    if (m && (c === '-' || /[\d.NI]/.test(c))) {
      toks.push({ kind: 'number', text: m[0], line, col });
      i += m[0].length;
      continue;
    }
    m = rest.match(/^[A-Za-z_][\w.]*/);
    if (m) {
      toks.push({ kind: 'ident', text: m[0], line, col });
      i += m[0].length;
      continue;
    }
    if ('(){}[],:='.includes(c)) {
      toks.push({ kind: 'punct', text: c, line, col });
      i++;
      continue;
    }
    err(`unexpected character '${c}'`);
  }
  toks.push({ kind: 'eof', text: '<end of input>', line, col: i - lineStart + 1 });
  return toks;
}

class Parser {
  private pos = 0;
  private toks: Token[];
  private file = '';
  private scope = new Map<string, Value>();
  private nextId = 0;

  constructor(src: string) {
    this.toks = tokenize(src, () => this.file);
  }

  private peek(): Token {
    return this.toks[this.pos];
  }
  private next(): Token {
    return this.toks[this.pos++];
  }
  private fail(msg: string, t: Token = this.peek()): never {
    throw new IrParseError(`${msg} (found '${t.text}')`, t.line, t.col);
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }
  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail(`expected '${text}'`);
    this.pos++;
  }
  private expectIdent(text?: string): string {
    const t = this.peek();
    if (t.kind !== 'ident' || (text !== undefined && t.text !== text)) this.fail(text ? `expected '${text}'` : 'expected a name');
    this.pos++;
    return t.text;
  }

  parseModule(): Module {
    this.expectIdent('module');
    const f = this.next();
    if (f.kind !== 'string') this.fail('expected the module file name as a string', f);
    this.file = f.text;
    const funcs: Func[] = [];
    while (this.peek().kind !== 'eof') funcs.push(this.parseFunc());
    return { file: this.file, funcs };
  }

  private type(): Type {
    const t = this.peek();
    if (t.kind !== 'ident' || !(TYPES as readonly string[]).includes(t.text)) this.fail('expected a type');
    this.pos++;
    return t.text as Type;
  }

  private define(tok: Token, type: Type): Value {
    if (this.scope.has(tok.text)) this.fail(`value ${tok.text} defined twice`, tok);
    const dot = tok.text.lastIndexOf('.');
    const v: Value = { id: this.nextId++, type };
    if (dot > 0) v.hint = tok.text.slice(1, dot);
    this.scope.set(tok.text, v);
    return v;
  }

  private use(): Value {
    const t = this.next();
    if (t.kind !== 'value') this.fail('expected a value', t);
    const v = this.scope.get(t.text);
    if (!v) this.fail(`use of undefined value ${t.text}`, t);
    return v!;
  }

  private parseFunc(): Func {
    this.expectIdent('func');
    const name = this.next();
    if (name.kind !== 'global') this.fail('expected @name', name);
    this.scope = new Map();
    this.nextId = 0;
    this.expectPunct('(');
    const params: Func['params'] = [];
    while (!this.isPunct(')')) {
      const t = this.next();
      if (t.kind !== 'value') this.fail('expected a parameter', t);
      this.expectPunct(':');
      const v = this.define(t, this.type());
      params.push({ name: v.hint ?? `p${params.length}`, value: v });
      if (!this.isPunct(')')) this.expectPunct(',');
    }
    this.expectPunct(')');
    this.expectPunct('->');
    const resultType = this.type();
    let exported = false;
    if (this.peek().kind === 'ident' && this.peek().text === 'export') {
      this.pos++;
      exported = true;
    }
    const span = this.span();
    this.expectPunct('{');
    const body: Block = { args: params.map((p) => p.value), ops: this.parseOps() };
    this.expectPunct('}');
    return { name: name.text, exported, params, resultType, body, span };
  }

  private span(): Span {
    const t = this.next();
    if (t.kind !== 'span') this.fail('expected a source span (@line:col-line:col or @?)', t);
    return t.span!;
  }

  private parseOps(): Op[] {
    const ops: Op[] = [];
    while (!this.isPunct('}')) {
      if (this.peek().kind === 'eof') this.fail("expected '}'");
      ops.push(this.parseOp());
    }
    return ops;
  }

  private parseOp(): Op {
    const resultToks: Token[] = [];
    if (this.peek().kind === 'value') {
      for (;;) {
        const t = this.next();
        if (t.kind !== 'value') this.fail('expected a result name', t);
        resultToks.push(t);
        if (this.isPunct('=')) break;
        this.expectPunct(',');
      }
      this.expectPunct('=');
    }
    const opTok = this.peek();
    const opcode = this.expectIdent();
    if (!OPS.has(opcode)) this.fail(`unknown op '${opcode}'`, opTok);
    const def = opDef(opcode);
    const attrs: Attrs = {};
    const operands: Value[] = [];
    if (opcode === 'const') {
      attrs.value = this.attrValue();
    } else if (this.peek().kind === 'value') {
      for (;;) {
        operands.push(this.use());
        if (!this.isPunct(',')) break;
        this.pos++;
      }
    }
    if (this.isPunct('{')) {
      this.pos++;
      while (!this.isPunct('}')) {
        const key = this.expectIdent();
        this.expectPunct('=');
        attrs[key] = this.attrValue();
        if (!this.isPunct('}')) this.expectPunct(',');
      }
      this.pos++;
    }
    let types: Type[] = [];
    if (this.isPunct(':')) {
      this.pos++;
      types.push(this.type());
      while (this.isPunct(',')) {
        this.pos++;
        types.push(this.type());
      }
    } else if (def.result !== null && resultToks.length === 1) {
      types = [def.result];
    }
    if (types.length !== resultToks.length) this.fail(`op '${opcode}' has ${resultToks.length} results but ${types.length} types`, opTok);
    const span = this.span();
    // Regions are parsed before results are defined, so region bodies cannot use them (SSA dominance).
    const regions: Block[] = [];
    while (this.isPunct('(') || this.isPunct('{')) {
      regions.push(this.region());
      if (this.peek().kind === 'ident' && this.peek().text === 'else') {
        this.pos++;
        continue;
      }
      break;
    }
    const results = resultToks.map((t, i) => this.define(t, types[i]));
    return { opcode, operands, results, attrs, regions, span };
  }

  private region(): Block {
    const args: Value[] = [];
    if (this.isPunct('(')) {
      this.pos++;
      while (!this.isPunct(')')) {
        const t = this.next();
        if (t.kind !== 'value') this.fail('expected a region argument', t);
        this.expectPunct(':');
        args.push(this.define(t, this.type()));
        if (!this.isPunct(')')) this.expectPunct(',');
      }
      this.pos++;
    }
    this.expectPunct('{');
    const ops = this.parseOps();
    this.expectPunct('}');
    return { args, ops };
  }

  private attrValue(): AttrValue {
    const t = this.next();
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'string') return t.text;
    if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) return t.text === 'true';
    if (t.kind === 'punct' && t.text === '[') {
      const items: AttrValue[] = [];
      while (!this.isPunct(']')) {
        items.push(this.attrValue());
        if (!this.isPunct(']')) this.expectPunct(',');
      }
      this.pos++;
      return items as number[] | number[][];
    }
    return this.fail('expected an attribute value', t);
  }
}

export function parseModule(src: string): Module {
  return new Parser(src).parseModule();
}
