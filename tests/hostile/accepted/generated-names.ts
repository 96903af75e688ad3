// Every name the JavaScript backend generates, used as a source name: exported functions named
// like its helpers (old and new spellings), parameters named like f_grad's extra parameters and
// fixed locals, locals named like its counters and fresh names. The module must load and
// compute what the interpreter computes.
// check: zero [[1.5, -2, 0.25], 3, [2, 1, 0.5], 4]
// check: grow [[1.5, -2, 0.25], [0.5, 0.25, 2]]
// check: T [[1.5, -2, 0.25], 2]
// check: tstart [[0.75, -1.25]]
// check: absad$grow_ [[0.75, -1.25]]
function tnode(t: number): number {
  return Math.max(t, 0);
}
const tswitch = (a: number, b: number): number => Math.min(a, b);

export function zero(gOut: Float64Array, T: number, active: Float64Array, yBar: number): number {
  let value = 0;
  let kinks$ = 0.5;
  let it$1 = 1;
  let base$1 = 2;
  let k$out = 3;
  let v_1 = 0.5;
  let x_bar_i0 = 1;
  let sg_1 = 2;
  for (let i = 0; i < gOut.length; i++) value += tnode(gOut[i] - active[i]) * T;
  return value + yBar * (kinks$ + it$1 + base$1 + k$out) + v_1 * x_bar_i0 * sg_1 * Math.abs(gOut[0]);
}

export function grow(tape: Float64Array, need: Float64Array): number {
  let keep = 0;
  for (let i = 0; i < tape.length; i++) keep += tswitch(tape[i], need[i]) * tape[i];
  return keep;
}

export function T(x: Float64Array, trip$1: number): number {
  const w_1 = Math.abs(x[0] - x[1]);
  return w_1 * trip$1 + Math.max(x[2], 0);
}

export function tstart(tfinish: Float64Array): number {
  const tout = tfinish[0] * tfinish[1];
  return Math.abs(tout) + Math.max(tfinish[0], tfinish[1]);
}

export function absad$grow_(absad$zero: Float64Array): number {
  const tstart$n = absad$zero[0];
  return Math.abs(tstart$n - absad$zero[1]);
}
