/**
 * The contract between a generated WGSL kernel and the runtime that dispatches it
 * (runtime/webgpu.ts): plain JSON-able data, written by the compiler into the loader module
 * (compiler/codegen/wgsl/) and read by the runtime. No behaviour lives here.
 *
 * One kernel computes, for each batch element e (one invocation each), the value f and the
 * gradient with respect to the differentiated parameters, in f32, and a flag word. Every
 * per-element quantity is stored *element-minor* (column-major with the element as the fast
 * index: column c of element e is at `c * count + e`), so neighbouring invocations touch
 * neighbouring addresses.
 *
 * Bindings (group 0), the same for every kernel:
 *   0 dims     uniform    the `Dims` struct: one 4-byte field per entry of `uniform` below
 *   1 shared   storage r  parameters shared by every element, packed in parameter order
 *                         (an array: its entries; a number: one entry), at offset `at_P`
 *   2 batched  storage r  parameters that vary per element, element-minor: element e's entry i
 *                         of parameter P is at `(at_P + i) * count + e` (a number: i = 0)
 *   3 out      storage rw column 0 the value, then the gradient: parameter P's entries from
 *                         column `g_P` on, in `wrt` order; `width` columns in all
 *   4 flags    storage rw one u32 per element: the number of switching variables that were
 *                         exactly zero (or within `band`, below) in the low 31 bits, and
 *                         NONFINITE_FLAG when the value or a gradient entry is not finite
 *   5 scratch  storage rw per-element storage for loop tapes and local arrays whose size
 *                         depends on the input sizes: region r starts at column `s_r`; the
 *                         loader's `scratch(ints, lengths)` gives each region's size per element
 * Integer and boolean parameters (sizes, indices) live in the uniform and are shared.
 */

/** How a parameter reaches the kernel. */
export interface ParamLayout {
  name: string;
  /** `array` (one-dimensional), `number` (a float scalar), `int` (a size or index), `bool`. */
  kind: 'array' | 'number' | 'int' | 'bool';
  /** `batched`: one row (or one number) per element; `shared`: one value for the whole batch. */
  role: 'batched' | 'shared';
  differentiated: boolean;
}

/** One 4-byte field of the `Dims` uniform, in declaration order. */
export type UniformField =
  | { field: string; kind: 'count' } // u32: elements in this dispatch
  | { field: string; kind: 'band' } // f32: kink band (0: count exact zeros only)
  | { field: string; kind: 'width' } // u32: columns of `out` (1 + gradient length)
  | { field: string; kind: 'int'; param: string } // i32: an integer parameter
  | { field: string; kind: 'bool'; param: string } // u32: a boolean parameter
  | { field: string; kind: 'length'; param: string } // i32: an array parameter's length (per element when batched)
  | { field: string; kind: 'offset'; param: string } // u32: offset in `shared`, or first column in `batched`
  | { field: string; kind: 'gradient'; param: string } // u32: first column of the parameter's gradient in `out`
  | { field: string; kind: 'scratch'; region: number }; // u32: first column of a scratch region

export interface KernelLayout {
  /** Layout format version. */
  version: 1;
  /** The source function. */
  name: string;
  /** The source file it came from. */
  source: string;
  /**
   * `x`: the differentiated parameters vary per element (many points, the multi-start case);
   * `data`: the data parameters vary per element and the differentiated ones are shared (the
   * training case; the batch gradient is the reduction of the per-element gradients).
   */
  batch: 'data' | 'x';
  /** abs'(0) of the compiled gradient (the JavaScript module uses the same). */
  absKink: number;
  workgroupSize: number;
  entryPoint: string;
  params: ParamLayout[];
  /** Differentiated parameters, in gradient order. */
  wrt: string[];
  uniform: UniformField[];
  /** What each scratch region holds, for readers (`tape of the loop at file:line`, ...). */
  scratch: string[];
}

/** Bit 31 of a flag word: the element's value or gradient is not finite in f32. */
export const NONFINITE_FLAG = 0x80000000;

/** Binding numbers of the kernel (see the header) and of the reduction kernel. */
export const BINDINGS = { dims: 0, shared: 1, batched: 2, out: 3, flags: 4, scratch: 5 } as const;
export const REDUCE_BINDINGS = { params: 0, rows: 1, flags: 2, sums: 3 } as const;

/** Workgroup size of the reduction kernel (and the fan-in of one tree). */
export const REDUCE_WORKGROUP = 256;
