/**
 * Parameter layout of a batched WGSL kernel: which parameters vary per batch element.
 *
 * Takes an IR function, its differentiated parameters and the batch mode; returns each
 * parameter's ParamLayout and the fields of the `Dims` uniform (runtime/kernel-layout.ts), or
 * located diagnostics for what cannot be batched.
 *
 * The rules, precisely:
 *   --batch x     the differentiated parameters (numbers or arrays) vary per element: element e
 *                 is the point x_e; every other float parameter (array or number) is shared.
 *   --batch data  the differentiated parameters are shared (the model's weights); every other
 *                 float parameter varies per element: an array is one row per element (all rows
 *                 the same length), a number is one value per element (a per-sample target).
 *                 `shared` names data parameters that are the same for every element instead
 *                 (a regularization weight, a design matrix). At least one parameter must vary.
 *   both          integer and boolean parameters (sizes, indices, flags) are shared and live in
 *                 the uniform: they decide loop bounds and array sizes, which must be the same
 *                 for every element of a dispatch (so every bound is known when the host
 *                 dispatches, and per-element storage has one stride).
 * Not batchable: matrix (number[][]) parameters (rows of different lengths have no flat layout;
 * pass a row-major array) and functions returning arrays (the kernel computes gradients of a
 * scalar).
 */
import { type Diagnostic, makeDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Func } from '../../ir/types.js';
import type { ParamLayout, UniformField } from '../../../runtime/kernel-layout.js';

export type BatchMode = 'data' | 'x';

export interface ParamPlan {
  params: ParamLayout[];
  /** Uniform fields before the scratch regions (those are appended by the kernel emitter). */
  uniform: UniformField[];
}

export function planParameters(f: Func, wrt: number[], batch: BatchMode, shared: string[]): ParamPlan | Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (f.resultType !== 'f64') {
    diagnostics.push(makeDiagnostic('wgsl-array-result', f.span, `'${f.name}' returns an array; the WGSL target computes gradients of functions that return a number`, 'compile it with --target js (f_vjp gives vector-Jacobian products), or return a scalar loss'));
  }
  for (const p of f.params) {
    if (p.value.type === 'mat') {
      diagnostics.push(makeDiagnostic('wgsl-matrix-parameter', f.span, `parameter '${p.name}' of '${f.name}' is a matrix (number[][]), which has no flat layout in a WGSL buffer`, 'pass the matrix as a row-major Float64Array with its sizes as integer parameters'));
    }
  }
  for (const name of shared) {
    const i = f.params.findIndex((p) => p.name === name);
    const p = f.params[i];
    if (!p) diagnostics.push(makeDiagnostic('wgsl-bad-shared', f.span, `'${f.name}' has no parameter '${name}' to share across the batch`, `parameters: ${f.params.map((q) => q.name).join(', ')}`));
    else if (batch !== 'data') diagnostics.push(makeDiagnostic('wgsl-bad-shared', f.span, `--shared applies to --batch data; with --batch x every parameter except the differentiated ones is already shared`, 'drop --shared'));
    else if (wrt.includes(i)) diagnostics.push(makeDiagnostic('wgsl-bad-shared', f.span, `parameter '${name}' of '${f.name}' is differentiated, and with --batch data the differentiated parameters are always shared`, 'name only data parameters in --shared'));
    else if (p.value.type === 'int' || p.value.type === 'bool') diagnostics.push(makeDiagnostic('wgsl-bad-shared', f.span, `parameter '${name}' of '${f.name}' is ${p.value.type === 'int' ? 'an integer (a size or index)' : 'a boolean'}, which is always shared`, 'name only float data parameters in --shared'));
  }
  if (diagnostics.length > 0) return diagnostics;

  const params: ParamLayout[] = f.params.map((p, i) => {
    const t = p.value.type;
    const kind = t === 'arr' ? 'array' : t === 'f64' ? 'number' : t === 'int' ? 'int' : 'bool';
    const differentiated = wrt.includes(i);
    const float = kind === 'array' || kind === 'number';
    const batched = float && (batch === 'x' ? differentiated : !differentiated && !shared.includes(p.name));
    return { name: p.name, kind, role: batched ? 'batched' : 'shared', differentiated };
  });
  if (!params.some((p) => p.role === 'batched')) {
    const data = params.filter((p) => (p.kind === 'array' || p.kind === 'number') && !p.differentiated);
    const hint =
      batch !== 'data'
        ? 'give the function a float parameter to differentiate'
        : data.length === 0
          ? `'${f.name}' has no float data parameter (${params.filter((p) => p.differentiated).map((p) => p.name).join(', ')} ${wrt.length > 1 ? 'are' : 'is'} differentiated); use --batch x to evaluate it at many points`
          : `every data parameter is shared (--shared ${shared.join(',')}), so every element would compute the same thing; share fewer, or use --batch x`;
    return [makeDiagnostic('wgsl-nothing-batched', f.span, `with --batch ${batch}, no parameter of '${f.name}' varies per batch element`, hint)];
  }

  const uniform: UniformField[] = [
    { field: 'count', kind: 'count' },
    { field: 'band', kind: 'band' },
    { field: 'width', kind: 'width' },
  ];
  const field = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  for (const p of params) {
    if (p.kind === 'int') uniform.push({ field: field('p', p.name), kind: 'int', param: p.name });
    else if (p.kind === 'bool') uniform.push({ field: field('p', p.name), kind: 'bool', param: p.name });
    else {
      if (p.kind === 'array') uniform.push({ field: field('len', p.name), kind: 'length', param: p.name });
      uniform.push({ field: field('at', p.name), kind: 'offset', param: p.name });
    }
  }
  for (const i of wrt) uniform.push({ field: field('g', f.params[i].name), kind: 'gradient', param: f.params[i].name });
  // Parameter names are unique, but `a$b` and `a_b` would both become `a_b`: keep fields distinct.
  const seen = new Set<string>();
  for (const u of uniform) {
    let name = u.field;
    for (let k = 2; seen.has(name); k++) name = `${u.field}_${k}`;
    u.field = name;
    seen.add(name);
  }
  return { params, uniform };
}
