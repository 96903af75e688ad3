/**
 * Command-line values: vectors (`1,2,3` or `@point.json`) and binding them to a function's
 * parameters. Takes strings and the IR function; returns argument values or a user error
 * (UsageError, which the CLI prints with its code and exits 1).
 */
import * as fs from 'node:fs';
import type { DiagnosticName } from '../diagnostics/codes.js';
import type { RValue } from '../ir/interpret.js';
import type { Func } from '../ir/types.js';

export class UsageError extends Error {
  constructor(readonly diagnosticName: DiagnosticName, message: string, readonly hint?: string) {
    super(message);
  }
}

export type Json = number | string | boolean | null | Json[] | { [k: string]: Json };

/** `1,2,3` -> numbers; `@file.json` -> the parsed JSON (array, object or number). */
export function parseVector(text: string, what: string): Json {
  if (text.startsWith('@')) {
    const file = text.slice(1);
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UsageError('file-not-found', `cannot read '${file}' (given to ${what})`);
    }
    try {
      return JSON.parse(raw) as Json;
    } catch (e) {
      throw new UsageError('bad-vector', `'${file}' (given to ${what}) is not valid JSON: ${(e as Error).message}`);
    }
  }
  const parts = text.split(',').map((s) => s.trim());
  return parts.map((p) => {
    const x = Number(p);
    if (p === '' || Number.isNaN(x) && p !== 'NaN') {
      throw new UsageError('bad-vector', `${what}: '${p}' is not a number (write numbers separated by commas, e.g. 1,2.5,-3, or @file.json)`);
    }
    return x;
  });
}

function toArg(value: Json, param: Func['params'][number], fn: string): RValue {
  const type = param.value.type;
  const where = `parameter '${param.name}' of '${fn}'`;
  const num = (v: Json): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(v)) return Number(v);
    throw new UsageError('argument-mismatch', `${where} needs numbers, got ${JSON.stringify(v)}`);
  };
  if (type === 'f64' || type === 'int') {
    const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (Array.isArray(v)) throw new UsageError('argument-mismatch', `${where} is a number, got ${v.length} values`);
    const x = num(v);
    if (type === 'int' && !Number.isInteger(x)) throw new UsageError('argument-mismatch', `${where} is used as a size or index, so it must be an integer; got ${x}`);
    return x;
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new UsageError('argument-mismatch', `${where} is a boolean, got ${JSON.stringify(value)}`);
    return value;
  }
  if (type === 'arr') {
    if (!Array.isArray(value)) throw new UsageError('argument-mismatch', `${where} is an array, got ${JSON.stringify(value)}`);
    return Float64Array.from(value.map(num));
  }
  if (!Array.isArray(value) || !value.every(Array.isArray)) throw new UsageError('argument-mismatch', `${where} is a matrix (an array of arrays)`);
  return value.map((row) => Float64Array.from((row as Json[]).map(num)));
}

/**
 * Binds `--at` (and `--arg NAME=VEC`) to the parameters. `--at` is the first parameter, or
 * all parameters when they are all scalars and the counts match, or a JSON object naming them.
 */
export function bindArguments(f: Func, at: Json, named: Map<string, Json>): RValue[] {
  const values = new Map<string, Json>();
  const params = f.params;
  if (at !== null && typeof at === 'object' && !Array.isArray(at)) {
    for (const [k, v] of Object.entries(at)) values.set(k, v);
  } else {
    const allScalar = params.every((p) => p.value.type === 'f64' || p.value.type === 'int');
    if (Array.isArray(at) && allScalar && params.length > 1 && at.length === params.length && named.size === 0) {
      params.forEach((p, i) => values.set(p.name, at[i]));
    } else if (params.length > 0) values.set(params[0].name, at);
  }
  for (const [k, v] of named) values.set(k, v);
  for (const k of values.keys()) {
    if (!params.some((p) => p.name === k)) {
      throw new UsageError('argument-mismatch', `'${f.name}' has no parameter '${k}' (parameters: ${params.map((p) => p.name).join(', ')})`);
    }
  }
  const missing = params.filter((p) => !values.has(p.name)).map((p) => p.name);
  if (missing.length > 0) {
    throw new UsageError('argument-mismatch', `no value for parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} of '${f.name}'`, `pass them with --arg NAME=VEC or --at @args.json holding {"${params.map((p) => p.name).join('": ..., "')}": ...}`);
  }
  return params.map((p) => toArg(values.get(p.name)!, p, f.name));
}

/** JSON cannot hold NaN or infinities: they are written as strings. */
export function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}
