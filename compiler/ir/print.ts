/**
 * IR text form: Module -> string. `parse.ts` reads it back; print(parse(t)) === t for every t
 * this printer produced (the golden tests check it).
 *
 *   module "samples/chained-lq.ts"
 *
 *   func @chainedLQ(%x.0: arr) -> f64 export @7:1-13:2 {
 *     %1 = const 0 : f64 @8:11-8:12
 *     %n.2 = len %x.0 @9:23-9:31
 *     %s.5 = for %3, %n.2, %1 {cmp="<", step=1} : f64 @9:3-12:4 (%i.6: int, %s.7: f64) {
 *       ...
 *       yield %s.9 @9:3-12:4
 *     }
 *     return %s.5 @13:3-13:12
 *   }
 *
 * Values are renumbered in definition order (parameters first), shown as `%N` or `%hint.N`.
 * The result type is printed when the op table does not fix it. Spans print as
 * `@line:col-endLine:endCol`, with the file when it is not the module's (`@"h.ts":1:2-1:9`),
 * and `@?` when unknown. `if` prints its second region after `else`.
 */
import { opDef } from './ops.js';
import type { AttrValue, Block, Func, Module, Op, Span, Value } from './types.js';

export function formatNumber(x: number): string {
  if (Object.is(x, -0)) return '-0';
  return String(x); // shortest round-trip form; also NaN, Infinity, -Infinity
}

export function formatAttrValue(v: AttrValue): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  return `[${(v as AttrValue[]).map(formatAttrValue).join(', ')}]`;
}

export function formatSpan(span: Span, moduleFile: string): string {
  if (span.line === 0) return '@?';
  const range = `${span.line}:${span.col}-${span.endLine}:${span.endCol}`;
  return span.file === moduleFile || span.file === '' ? `@${range}` : `@${JSON.stringify(span.file)}:${range}`;
}

class Namer {
  private names = new Map<number, string>();
  private next = 0;
  define(v: Value): string {
    const hint = v.hint ? sanitizeHint(v.hint) : '';
    const name = hint ? `%${hint}.${this.next++}` : `%${this.next++}`;
    this.names.set(v.id, name);
    return name;
  }
  use(v: Value): string {
    return this.names.get(v.id) ?? `%<undefined ${v.id}>`;
  }
}

export function sanitizeHint(hint: string): string {
  const s = hint.replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[A-Za-z_$]/.test(s) ? s : `_${s}`;
}

export function printModule(m: Module): string {
  const parts = [`module ${JSON.stringify(m.file)}`];
  for (const f of m.funcs) parts.push(printFunc(f, m.file));
  return parts.join('\n\n') + '\n';
}

/**
 * `notes` attaches comment lines (`; ...`) after chosen ops; the verifier uses it to show the
 * IR around a fault. Comments are ignored by the parser.
 */
export function printFunc(f: Func, moduleFile: string, notes?: Map<Op, string>): string {
  const namer = new Namer();
  const params = f.params.map((p) => `${namer.define(p.value)}: ${p.value.type}`).join(', ');
  const lines = [`func @${f.name}(${params}) -> ${f.resultType}${f.exported ? ' export' : ''} ${formatSpan(f.span, moduleFile)} {`];
  printBlockOps(f.body, namer, moduleFile, '  ', lines, notes);
  lines.push('}');
  return lines.join('\n');
}

function printBlockOps(b: Block, namer: Namer, file: string, indent: string, out: string[], notes?: Map<Op, string>): void {
  for (const op of b.ops) {
    printOp(op, namer, file, indent, out, notes);
    const note = notes?.get(op);
    if (note !== undefined) out.push(`${indent}; ^^^ ${note}`);
  }
}

function printOp(op: Op, namer: Namer, file: string, indent: string, out: string[], notes?: Map<Op, string>): void {
  const operands = op.operands.map((v) => namer.use(v));
  let head = '';
  if (op.results.length > 0) head = op.results.map((r) => namer.define(r)).join(', ') + ' = ';
  let text = head + op.opcode;
  if (op.opcode === 'const') {
    text += ` ${formatAttrValue(op.attrs.value)}`;
  } else if (operands.length > 0) {
    text += ` ${operands.join(', ')}`;
  }
  const attrKeys = Object.keys(op.attrs)
    .filter((k) => !(op.opcode === 'const' && k === 'value'))
    .sort();
  if (attrKeys.length > 0) text += ` {${attrKeys.map((k) => `${k}=${formatAttrValue(op.attrs[k])}`).join(', ')}}`;
  if (op.results.length > 0 && (opDef(op.opcode).result === null || op.results.length > 1)) {
    text += ` : ${op.results.map((r) => r.type).join(', ')}`;
  }
  text += ` ${formatSpan(op.span, file)}`;
  if (op.regions.length === 0) {
    out.push(`${indent}${text}`);
    return;
  }
  op.regions.forEach((region, i) => {
    const args = region.args.length > 0 ? ` (${region.args.map((a) => `${namer.define(a)}: ${a.type}`).join(', ')})` : '';
    out.push(`${indent}${i === 0 ? text : '} else'}${args} {`);
    printBlockOps(region, namer, file, indent + '  ', out, notes);
  });
  out.push(`${indent}}`);
}
