// expect: ABS1008 function-too-large 54:1
// Each helper calls the next twice: 2^16 copies of h16 once inlined, so absad refuses before inlining.
function h0(t: number): number {
  return h1(t) + h1(-t);
}
function h1(t: number): number {
  return h2(t) + h2(-t);
}
function h2(t: number): number {
  return h3(t) + h3(-t);
}
function h3(t: number): number {
  return h4(t) + h4(-t);
}
function h4(t: number): number {
  return h5(t) + h5(-t);
}
function h5(t: number): number {
  return h6(t) + h6(-t);
}
function h6(t: number): number {
  return h7(t) + h7(-t);
}
function h7(t: number): number {
  return h8(t) + h8(-t);
}
function h8(t: number): number {
  return h9(t) + h9(-t);
}
function h9(t: number): number {
  return h10(t) + h10(-t);
}
function h10(t: number): number {
  return h11(t) + h11(-t);
}
function h11(t: number): number {
  return h12(t) + h12(-t);
}
function h12(t: number): number {
  return h13(t) + h13(-t);
}
function h13(t: number): number {
  return h14(t) + h14(-t);
}
function h14(t: number): number {
  return h15(t) + h15(-t);
}
function h15(t: number): number {
  return h16(t) + h16(-t);
}
function h16(t: number): number {
  return Math.abs(t - 1);
}
export function doubling(x: Float64Array): number {
  return h0(x[0]);
}
