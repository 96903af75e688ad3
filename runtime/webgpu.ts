/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU runtime for absad's WGSL kernels: create the pipelines once, upload a batch,
 * dispatch, reduce, read back, and route the elements whose switching variables were exactly
 * zero in f32 to the certified f64 path on the host. The same code runs in the browser
 * (`navigator.gpu`) and in Node (the `webgpu` package, Dawn).
 *
 * Takes a KernelSpec (what a generated loader module exports: WGSL texts, the KernelLayout of
 * runtime/kernel-layout.ts, the scratch-size function and the generated JavaScript module's
 * f_grad/f_kinks/f_trace) and a GPUDevice; returns an AbsadKernel whose `run(inputs)` returns a
 * BatchResult. Usage (through a loader written by `absad compile f.ts --target wgsl`):
 *
 *   const k = await createMlpLossSingle();              // or createMlpLossSingle(device)
 *   const r = await k.run({ theta, x: rows, target, H: 8 }, { reduce: 'mean' });
 *   r.value, r.gradient                                 // the batch loss and gradient (f64)
 *   k.destroy();                                        // frees buffers (and its own device)
 *
 * Per call: shared inputs are uploaded once, the batch is cut into chunks of at most
 * `maxPerDispatch` elements (default: what the device's dispatch and buffer limits allow) and
 * each chunk is uploaded, dispatched, reduced and read back. Buffers grow when a call needs more
 * and are reused by later calls. Inputs are rounded to f32; the host path uses the caller's f64.
 *
 * Kinks (theory.md §8, item 10): an element whose flag word is nonzero had a switching variable
 * exactly zero in f32 (or within `band`), or a non-finite result. Its f32 gradient decided a tie
 * in f32, so unless `certify: false` the host recomputes it in f64 with the generated module, as
 * `absad grad` does: f_grad, and where f_kinks() > 0 the certificate of runtime/anf.ts (smooth,
 * likq or completion, whose gradient replaces plain AD's). With --batch data, the GPU reduction
 * skips flagged elements and the batch value and gradient add their f64 results instead.
 */
import { certify, reportedGradient } from './anf.js';
import { BINDINGS, type KernelLayout, NONFINITE_FLAG, REDUCE_BINDINGS, REDUCE_WORKGROUP } from './kernel-layout.js';
import type { Trace } from './trace.js';

export { NONFINITE_FLAG };
export type { KernelLayout, ParamLayout, UniformField } from './kernel-layout.js';

// WebGPU's numeric flags (the spec's values), so no WebGPU globals need to be installed.
const USAGE = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
const MAP_READ = 1;
const STAGE_COMPUTE = 4;
/** Dispatch dimension limit the WebGPU spec guarantees (and Dawn and browsers report). */
const MAX_WORKGROUPS = 65535;
/** Elements each reduction lane adds in sequence before the tree (see runChunk). */
const REDUCE_SEQUENTIAL = 32;

/** The f64 path for flagged elements: the generated JavaScript module's functions. */
export interface HostPath {
  grad: (...args: any[]) => number;
  kinks: () => number;
  trace: (...args: any[]) => Trace;
}

/** What a loader passes to createKernel. */
export interface KernelSpec {
  layout: KernelLayout;
  wgsl: string;
  reduceWgsl: string;
  reduceEntryPoint: string;
  /** Per-element sizes (floats) of the scratch regions from integer parameters and array lengths. */
  scratch: (ints: Record<string, number>, lengths: Record<string, number>) => number[];
  host?: HostPath;
}

export interface KernelOptions {
  /** Most elements per dispatch (default: the device's limits); larger batches are split. */
  maxPerDispatch?: number;
}

/**
 * A parameter's value for one call. Integer parameters: an integer; booleans: a boolean. Shared
 * parameters: as the JavaScript function takes them (a number or an array). Batched numbers: one
 * number per element. Batched arrays: one row per element, as an array of rows, or flat and
 * row-major (element e's row is entries [e * len, (e + 1) * len)), then with `count` given.
 */
export type KernelInput = number | boolean | ArrayLike<number> | ArrayLike<number>[];

export interface RunOptions {
  /** Number of elements; inferred from batched numbers or arrays of rows when omitted. */
  count?: number;
  /** --batch data: the batch value and gradient are the sum (default) or the mean. */
  reduce?: 'sum' | 'mean';
  /** Also flag switching variables with |u - v| <= band * max(1, |u|, |v|) (default 0: exact zeros). */
  band?: number;
  /** Route flagged elements to the f64 host path (default: true when the spec has one). */
  certify?: boolean;
  /** --batch data: also return every element's f32 gradient. */
  perElement?: boolean;
}

export interface CertifiedElement {
  index: number;
  value: number;
  gradient: Float64Array;
  /** As `absad grad`: smooth, likq, completion, or unchecked (several differentiated parameters). */
  certificate: 'smooth' | 'likq' | 'completion' | 'unchecked';
  /** Switching variables exactly zero in f64 (f_kinks). */
  kinks: number;
}

export interface BatchResult {
  count: number;
  /** Gradient entries per element (the differentiated parameters one after another). */
  gradientLength: number;
  /** f32 values, one per element. */
  values: Float32Array;
  /** Flag words: exact zeros counted in the low 31 bits, NONFINITE_FLAG for non-finite results. */
  flags: Uint32Array;
  /** Elements with a nonzero flag word, in order. */
  flagged: number[];
  /** The f64 host results of the flagged elements (empty with `certify: false`). */
  certified: CertifiedElement[];
  /** f32 gradients, row-major (element e at e * gradientLength): --batch x, or perElement. */
  gradients?: Float32Array;
  /** --batch data: the batch value, GPU sums of unflagged elements plus f64 flagged ones. */
  value?: number;
  /** --batch data: the batch gradient, likewise (sum or mean). */
  gradient?: Float64Array;
  /** How many dispatches of the kernel the call took (the batch split into chunks). */
  dispatches: number;
}

export class WgslCompileError extends Error {
  constructor(readonly kernel: string, readonly messages: { lineNum: number; linePos: number; message: string }[]) {
    super(`WGSL of '${kernel}' does not compile:\n${messages.map((m) => `  ${m.lineNum}:${m.linePos} ${m.message}`).join('\n')}`);
  }
}

/**
 * Dawn's GPU object in Node, created once: it must outlive every device made from it (when it
 * is garbage-collected, Dawn aborts the process).
 */
let dawnGpu: GPU | null = null;

/** A GPUDevice from `navigator.gpu` (browser) or the `webgpu` package (Node, Dawn), with the adapter's buffer limits. */
export async function requestDevice(): Promise<GPUDevice> {
  let gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) {
    if (!dawnGpu) {
      // Node: Dawn. The specifier is a variable, and marked for Vite and webpack, so that
      // bundlers leave the import to Node rather than bundle or stub the native package.
      const name = 'webgpu';
      const dawn = (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as { create: (flags: string[]) => GPU };
      dawnGpu = dawn.create([]);
    }
    gpu = dawnGpu;
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('absad: no WebGPU adapter (in Node, Dawn needs a Vulkan driver; set VK_ICD_FILENAMES to SwiftShader\'s ICD for a CPU one)');
  return adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
}

/** Tint's messages for a WGSL text (errors, warnings, info), with 1-based line and column. */
export async function wgslMessages(device: GPUDevice, code: string): Promise<{ type: string; lineNum: number; linePos: number; message: string }[]> {
  const info = await device.createShaderModule({ code }).getCompilationInfo();
  return info.messages.map((m) => ({ type: m.type, lineNum: m.lineNum, linePos: m.linePos, message: m.message }));
}

/** Compiles the kernel and the reduction for a device (once); the returned kernel runs batches. */
export async function createKernel<I = Record<string, KernelInput>>(spec: KernelSpec, device?: GPUDevice, options: KernelOptions = {}): Promise<AbsadKernel<I>> {
  const own = device === undefined;
  const dev = device ?? (await requestDevice());
  try {
    const [main, reduce] = await Promise.all([
      pipeline(dev, spec.layout.name, spec.wgsl, spec.layout.entryPoint, ['uniform', 'read-only-storage', 'read-only-storage', 'storage', 'storage', 'storage']),
      pipeline(dev, 'reduction', spec.reduceWgsl, spec.reduceEntryPoint, ['uniform', 'read-only-storage', 'read-only-storage', 'storage']),
    ]);
    return new AbsadKernel<I>(spec, dev, own, main, reduce, options);
  } catch (e) {
    if (own) dev.destroy();
    throw e;
  }
}

interface Pipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

async function pipeline(device: GPUDevice, name: string, code: string, entryPoint: string, types: GPUBufferBindingType[]): Promise<Pipeline> {
  const module = device.createShaderModule({ code });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (errors.length > 0) throw new WgslCompileError(name, errors.map((m) => ({ lineNum: m.lineNum, linePos: m.linePos, message: m.message })));
  const layout = device.createBindGroupLayout({ entries: types.map((type, binding) => ({ binding, visibility: STAGE_COMPUTE, buffer: { type } })) });
  const p = await device.createComputePipelineAsync({ layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint } });
  return { pipeline: p, layout };
}

/** A named GPU buffer that grows (never shrinks) as calls need more room. */
class Slot {
  buffer: GPUBuffer | null = null;
  constructor(private device: GPUDevice, private usage: number, private label: string) {}

  /** Ensures at least `bytes` (rounded up to 16); returns true when the buffer was replaced. */
  ensure(bytes: number): boolean {
    const need = Math.max(16, Math.ceil(bytes / 16) * 16);
    if (this.buffer && this.buffer.size >= need) return false;
    this.buffer?.destroy();
    this.buffer = this.device.createBuffer({ size: need, usage: this.usage, label: this.label });
    return true;
  }

  destroy(): void {
    this.buffer?.destroy();
    this.buffer = null;
  }
}

/** The layout of one call: per-element widths and where each parameter and region starts. */
interface CallPlan {
  count: number;
  lengths: Record<string, number>;
  ints: Record<string, number>;
  offset: Record<string, number>;
  gradientColumn: Record<string, number>;
  scratchColumn: number[];
  sharedSize: number;
  batchedWidth: number;
  outWidth: number;
  scratchWidth: number;
}

/** A compiled kernel on a device; `I` types the inputs by parameter name (the loader's `...Inputs`). */
export class AbsadKernel<I = Record<string, KernelInput>> {
  readonly layout: KernelLayout;
  private slots: Record<'dims' | 'shared' | 'batched' | 'out' | 'flags' | 'scratch' | 'partials' | 'sums' | 'reduce1' | 'reduce2' | 'readback', Slot>;
  private staging: Float32Array<ArrayBuffer> = new Float32Array(0);
  private destroyed = false;

  constructor(
    private spec: KernelSpec,
    readonly device: GPUDevice,
    private ownsDevice: boolean,
    private main: Pipeline,
    private reduce: Pipeline,
    private options: KernelOptions,
  ) {
    this.layout = spec.layout;
    const slot = (usage: number, label: string) => new Slot(device, usage, `absad ${spec.layout.name} ${label}`);
    const storage = USAGE.STORAGE | USAGE.COPY_DST | USAGE.COPY_SRC;
    this.slots = {
      dims: slot(USAGE.UNIFORM | USAGE.COPY_DST, 'dims'),
      shared: slot(storage, 'shared'),
      batched: slot(storage, 'batched'),
      out: slot(storage, 'out'),
      flags: slot(storage, 'flags'),
      scratch: slot(storage, 'scratch'),
      partials: slot(storage, 'partials'),
      sums: slot(storage, 'sums'),
      reduce1: slot(USAGE.UNIFORM | USAGE.COPY_DST, 'reduce pass 1'),
      reduce2: slot(USAGE.UNIFORM | USAGE.COPY_DST, 'reduce pass 2'),
      readback: slot(USAGE.MAP_READ | USAGE.COPY_DST, 'readback'),
    };
  }

  /** Frees the buffers (and the device, when the kernel requested it itself). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const s of Object.values(this.slots)) s.destroy();
    if (this.ownsDevice) this.device.destroy();
  }

  /** The largest chunk the device's limits allow for a call (before `maxPerDispatch`). */
  private chunkLimit(plan: CallPlan): number {
    const limits = this.device.limits;
    const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    const widest = Math.max(plan.batchedWidth, plan.outWidth + 1, plan.scratchWidth, 1);
    const byMemory = Math.floor(bytes / (4 * widest));
    if (byMemory < 1) throw new Error(`absad: one element of '${this.layout.name}' needs ${4 * widest} bytes in one buffer, more than this device allows (${bytes})`);
    return Math.min(byMemory, Math.min(limits.maxComputeWorkgroupsPerDimension, MAX_WORKGROUPS) * this.layout.workgroupSize);
  }

  /** Calls run one after another: they share the kernel's buffers. */
  private pending: Promise<unknown> = Promise.resolve();

  /** Runs one batch (see the header); concurrent calls on one kernel are queued. */
  run(inputs: I, options: RunOptions = {}): Promise<BatchResult> {
    const next = this.pending.then(() => this.runNow(inputs, options));
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async runNow(typedInputs: I, options: RunOptions): Promise<BatchResult> {
    if (this.destroyed) throw new Error('absad: run() on a destroyed kernel');
    const inputs = typedInputs as unknown as Record<string, KernelInput>;
    if (inputs === null || typeof inputs !== 'object') throw new Error(`absad: run() takes an object of inputs by parameter name (${this.layout.params.map((p) => p.name).join(', ')})`);
    const plan = this.planCall(inputs, options.count);
    const certifying = (options.certify ?? true) && this.spec.host !== undefined;
    const data = this.layout.batch === 'data';
    const wantGradients = !data || options.perElement === true;
    const G = plan.outWidth - 1;
    const values = new Float32Array(plan.count);
    const flags = new Uint32Array(plan.count);
    const gradients = wantGradients ? new Float32Array(plan.count * G) : undefined;
    const sum = new Float64Array(plan.outWidth);

    // Shared parameters: once per call.
    const shared = new Float32Array(Math.max(1, plan.sharedSize));
    for (const p of this.layout.params) {
      if (p.role !== 'shared' || p.kind === 'int' || p.kind === 'bool') continue;
      const v = inputs[p.name];
      if (p.kind === 'number') shared[plan.offset[p.name]] = v as number;
      else shared.set(v as ArrayLike<number>, plan.offset[p.name]);
    }
    this.slots.shared.ensure(shared.byteLength);
    this.device.queue.writeBuffer(this.slots.shared.buffer!, 0, shared);

    const limit = Math.max(1, Math.min(this.options.maxPerDispatch ?? Infinity, this.chunkLimit(plan)));
    let dispatches = 0;
    for (let start = 0; start < plan.count; start += limit) {
      const n = Math.min(limit, plan.count - start);
      const chunk = await this.runChunk(plan, inputs, start, n, options.band ?? 0, data, certifying, wantGradients);
      dispatches++;
      values.set(chunk.out.subarray(0, n), start);
      flags.set(chunk.flags, start);
      if (gradients) {
        for (let c = 1; c < plan.outWidth; c++) {
          const column = chunk.out.subarray(c * n, (c + 1) * n);
          for (let e = 0; e < n; e++) gradients[(start + e) * G + c - 1] = column[e];
        }
      }
      if (chunk.sums) for (let c = 0; c < plan.outWidth; c++) sum[c] += chunk.sums[c];
    }

    const flagged: number[] = [];
    for (let e = 0; e < plan.count; e++) if (flags[e] !== 0) flagged.push(e);
    const certified = certifying ? flagged.map((e) => this.hostElement(inputs, plan, e)) : [];
    const result: BatchResult = { count: plan.count, gradientLength: G, values, flags, flagged, certified, dispatches };
    if (gradients) result.gradients = gradients;
    if (data) {
      for (const c of certified) {
        sum[0] += c.value;
        for (let k = 0; k < G; k++) sum[1 + k] += c.gradient[k];
      }
      const scale = options.reduce === 'mean' ? 1 / plan.count : 1;
      result.value = sum[0] * scale;
      result.gradient = Float64Array.from(sum.subarray(1), (g) => g * scale);
    }
    return result;
  }

  /** Checks the inputs against the layout; sizes, offsets and widths of the call. */
  private planCall(inputs: Record<string, KernelInput>, countOption: number | undefined): CallPlan {
    const name = this.layout.name;
    const isRows = (v: KernelInput): v is ArrayLike<number>[] => Array.isArray(v) && v.length > 0 && typeof v[0] !== 'number';
    let count = countOption;
    for (const p of this.layout.params) {
      const v = inputs[p.name];
      if (v === undefined) throw new Error(`absad: no input for parameter '${p.name}' of '${name}'`);
      if (p.role !== 'batched') continue;
      const n = p.kind === 'number' ? (v as ArrayLike<number>).length : isRows(v) ? v.length : undefined;
      if (n !== undefined && count === undefined) count = n;
      if (n !== undefined && n !== count) throw new Error(`absad: '${p.name}' has ${n} elements, but the batch has ${count}`);
    }
    if (count === undefined) throw new Error(`absad: give { count } for '${name}': its batched arrays are flat`);
    if (!Number.isInteger(count) || count < 0) throw new Error(`absad: count must be a nonnegative integer, got ${count}`);
    const lengths: Record<string, number> = {};
    const ints: Record<string, number> = {};
    const offset: Record<string, number> = {};
    let sharedSize = 0;
    let batchedWidth = 0;
    for (const p of this.layout.params) {
      const v = inputs[p.name];
      if (p.kind === 'int') {
        if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`absad: '${p.name}' of '${name}' is a size or index: give an integer, got ${String(v)}`);
        ints[p.name] = v;
      } else if (p.kind === 'bool') {
        if (typeof v !== 'boolean') throw new Error(`absad: '${p.name}' of '${name}' is a boolean, got ${String(v)}`);
        ints[p.name] = v ? 1 : 0;
      } else if (p.role === 'shared') {
        if (p.kind === 'number' ? typeof v !== 'number' : typeof v === 'number' || typeof v === 'boolean' || isRows(v)) {
          throw new Error(`absad: '${p.name}' of '${name}' is shared by the batch: give ${p.kind === 'number' ? 'one number' : 'one array'}`);
        }
        offset[p.name] = sharedSize;
        const len = p.kind === 'number' ? 1 : (v as ArrayLike<number>).length;
        if (p.kind === 'array') lengths[p.name] = len;
        sharedSize += len;
      } else {
        let len = 1;
        if (p.kind === 'array') {
          if (typeof v === 'number' || typeof v === 'boolean') throw new Error(`absad: '${p.name}' of '${name}' varies per element: give one row per element`);
          if (isRows(v)) {
            len = v[0].length;
            v.forEach((row, e) => {
              if (row.length !== len) throw new Error(`absad: row ${e} of '${p.name}' has length ${row.length}, row 0 has ${len}: rows must have one length`);
            });
          } else {
            if (count === 0 || (v as ArrayLike<number>).length % count !== 0) throw new Error(`absad: flat '${p.name}' has ${(v as ArrayLike<number>).length} entries, not a multiple of count ${count}`);
            len = (v as ArrayLike<number>).length / count;
          }
          lengths[p.name] = len;
        } else if (typeof v === 'number' || typeof v === 'boolean') {
          throw new Error(`absad: '${p.name}' of '${name}' varies per element: give one number per element`);
        }
        offset[p.name] = batchedWidth;
        batchedWidth += len;
      }
    }
    const gradientColumn: Record<string, number> = {};
    let outWidth = 1;
    for (const w of this.layout.wrt) {
      gradientColumn[w] = outWidth;
      outWidth += this.layout.params.find((p) => p.name === w)!.kind === 'array' ? lengths[w] : 1;
    }
    const sizes = this.spec.scratch(ints, lengths);
    const scratchColumn: number[] = [];
    let scratchWidth = 0;
    for (const s of sizes) {
      scratchColumn.push(scratchWidth);
      scratchWidth += s;
    }
    return { count, lengths, ints, offset, gradientColumn, scratchColumn, sharedSize, batchedWidth, outWidth, scratchWidth };
  }

  /** The Dims uniform of a chunk of n elements. */
  private dims(plan: CallPlan, n: number, band: number): ArrayBuffer {
    const fields = this.layout.uniform;
    const buf = new ArrayBuffer(Math.max(16, Math.ceil((4 * fields.length) / 16) * 16));
    const view = new DataView(buf);
    fields.forEach((u, i) => {
      const at = 4 * i;
      switch (u.kind) {
        case 'count': return view.setUint32(at, n, true);
        case 'band': return view.setFloat32(at, band, true);
        case 'width': return view.setUint32(at, plan.outWidth, true);
        case 'int': return view.setInt32(at, plan.ints[u.param], true);
        case 'bool': return view.setUint32(at, plan.ints[u.param], true);
        case 'length': return view.setInt32(at, plan.lengths[u.param], true);
        case 'offset': return view.setUint32(at, plan.offset[u.param], true);
        case 'gradient': return view.setUint32(at, plan.gradientColumn[u.param], true);
        case 'scratch': return view.setUint32(at, plan.scratchColumn[u.region], true);
      }
    });
    return buf;
  }

  /** Batched inputs of elements [start, start + n), element-minor, in f32. */
  private stage(plan: CallPlan, inputs: Record<string, KernelInput>, start: number, n: number): Float32Array<ArrayBuffer> {
    const size = Math.max(4, plan.batchedWidth * n);
    if (this.staging.length < size) this.staging = new Float32Array(size);
    const out = this.staging;
    for (const p of this.layout.params) {
      if (p.role !== 'batched') continue;
      const v = inputs[p.name];
      const col = plan.offset[p.name];
      if (p.kind === 'number') {
        const a = v as ArrayLike<number>;
        for (let e = 0; e < n; e++) out[col * n + e] = a[start + e];
        continue;
      }
      const len = plan.lengths[p.name];
      const rows = Array.isArray(v) && v.length > 0 && typeof v[0] !== 'number' ? (v as ArrayLike<number>[]) : null;
      const flat = v as ArrayLike<number>;
      for (let e = 0; e < n; e++) {
        const row = rows ? rows[start + e] : null;
        const base = (start + e) * len;
        for (let i = 0; i < len; i++) out[(col + i) * n + e] = row ? row[i] : flat[base + i];
      }
    }
    return out.subarray(0, plan.batchedWidth * n);
  }

  private async runChunk(plan: CallPlan, inputs: Record<string, KernelInput>, start: number, n: number, band: number, data: boolean, certifying: boolean, wantGradients: boolean): Promise<{ out: Float32Array; flags: Uint32Array; sums: Float32Array | null }> {
    const d = this.device;
    const s = this.slots;
    const W = plan.outWidth;
    s.dims.ensure(4 * this.layout.uniform.length);
    s.batched.ensure(4 * plan.batchedWidth * n);
    s.out.ensure(4 * W * n);
    s.flags.ensure(4 * n);
    s.scratch.ensure(4 * plan.scratchWidth * n);
    d.queue.writeBuffer(s.dims.buffer!, 0, this.dims(plan, n, band));
    const staged = this.stage(plan, inputs, start, n);
    if (staged.length > 0) d.queue.writeBuffer(s.batched.buffer!, 0, staged);

    d.pushErrorScope('validation');
    const encoder = d.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.main.pipeline);
    pass.setBindGroup(0, this.bindGroup(this.main, [s.dims, s.shared, s.batched, s.out, s.flags, s.scratch]));
    pass.dispatchWorkgroups(Math.ceil(n / this.layout.workgroupSize));
    let sumsBytes = 0;
    if (data) {
      // Pass one: `groups` partial sums per column; pass two (when needed) sums those.
      // Each lane first adds about REDUCE_SEQUENTIAL elements in sequence, then the workgroup's
      // tree adds the lanes: fewer workgroups (and barriers) than one element per lane, which
      // matters where barriers are expensive (SwiftShader); at most 256 groups, and no more
      // partial sums than one buffer holds (wide gradients).
      const limits = d.limits;
      const room = Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / (4 * W));
      const groups = Math.max(1, Math.min(REDUCE_WORKGROUP, Math.ceil(n / (REDUCE_WORKGROUP * REDUCE_SEQUENTIAL)), room));
      const useFlags = certifying ? 1 : 0;
      s.partials.ensure(4 * W * groups);
      s.sums.ensure(4 * W);
      const first = groups === 1 ? s.sums : s.partials;
      s.reduce1.ensure(16);
      d.queue.writeBuffer(s.reduce1.buffer!, 0, new Uint32Array([n, W, groups, useFlags]));
      pass.setPipeline(this.reduce.pipeline);
      pass.setBindGroup(0, this.bindGroup(this.reduce, [s.reduce1, s.out, s.flags, first]));
      pass.dispatchWorkgroups(groups, Math.min(W, MAX_WORKGROUPS), Math.ceil(W / MAX_WORKGROUPS));
      if (groups > 1) {
        s.reduce2.ensure(16);
        d.queue.writeBuffer(s.reduce2.buffer!, 0, new Uint32Array([groups, W, 1, 0]));
        pass.setBindGroup(0, this.bindGroup(this.reduce, [s.reduce2, s.partials, s.flags, s.sums]));
        pass.dispatchWorkgroups(1, Math.min(W, MAX_WORKGROUPS), Math.ceil(W / MAX_WORKGROUPS));
      }
      sumsBytes = 4 * W;
    }
    pass.end();
    // Read back: flags, then the values (or every column), then the column sums.
    const outBytes = 4 * (wantGradients ? W : 1) * n;
    s.readback.ensure(4 * n + outBytes + sumsBytes);
    encoder.copyBufferToBuffer(s.flags.buffer!, 0, s.readback.buffer!, 0, 4 * n);
    encoder.copyBufferToBuffer(s.out.buffer!, 0, s.readback.buffer!, 4 * n, outBytes);
    if (data) encoder.copyBufferToBuffer(s.sums.buffer!, 0, s.readback.buffer!, 4 * n + outBytes, sumsBytes);
    d.queue.submit([encoder.finish()]);
    const error = await d.popErrorScope();
    if (error) throw new Error(`absad: WebGPU rejected the dispatch of '${this.layout.name}': ${error.message}`);
    const rb = s.readback.buffer!;
    await rb.mapAsync(MAP_READ, 0, 4 * n + outBytes + sumsBytes);
    const bytes = rb.getMappedRange(0, 4 * n + outBytes + sumsBytes).slice(0);
    rb.unmap();
    return {
      flags: new Uint32Array(bytes, 0, n),
      out: new Float32Array(bytes, 4 * n, outBytes / 4),
      sums: data ? new Float32Array(bytes, 4 * n + outBytes, W) : null,
    };
  }

  private groups = new Map<string, { buffers: GPUBuffer[]; group: GPUBindGroup }>();

  /** A bind group over the slots' current buffers, rebuilt only when a buffer was replaced. */
  private bindGroup(p: Pipeline, slots: Slot[]): GPUBindGroup {
    const key = `${p === this.main ? 'main' : 'reduce'}:${slots.map((s) => Object.values(this.slots).indexOf(s)).join(',')}`;
    const buffers = slots.map((s) => s.buffer!);
    const cached = this.groups.get(key);
    if (cached && cached.buffers.every((b, i) => b === buffers[i])) return cached.group;
    const group = this.device.createBindGroup({ layout: p.layout, entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
    this.groups.set(key, { buffers, group });
    return group;
  }

  /** One element through the f64 host path, as `absad grad` computes it. */
  private hostElement(inputs: Record<string, KernelInput>, plan: CallPlan, e: number): CertifiedElement {
    const host = this.spec.host!;
    const args = this.layout.params.map((p) => {
      const v = inputs[p.name];
      if (p.kind === 'int' || p.kind === 'bool') return v;
      if (p.role === 'shared') return p.kind === 'number' ? v : Float64Array.from(v as ArrayLike<number>);
      if (p.kind === 'number') return (v as ArrayLike<number>)[e];
      const len = plan.lengths[p.name];
      if (Array.isArray(v) && v.length > 0 && typeof v[0] !== 'number') return Float64Array.from((v as ArrayLike<number>[])[e]);
      return Float64Array.from({ length: len }, (_, i) => (v as ArrayLike<number>)[e * len + i]);
    });
    let gradient = new Float64Array(plan.outWidth - 1);
    const value = host.grad(...args, gradient);
    const kinks = host.kinks();
    let certificate: CertifiedElement['certificate'] = 'smooth';
    if (kinks > 0) {
      if (this.layout.wrt.length === 1) {
        const c = certify(host.trace(...args), this.layout.absKink);
        certificate = c.certificate;
        gradient = reportedGradient(c, gradient);
      } else certificate = 'unchecked';
    }
    return { index: e, value, gradient, certificate, kinks };
  }
}
