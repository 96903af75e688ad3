// expect: ABS1315 unsupported-expression 3:17
export function safeLength(x: Float64Array): number {
  return x[0] * x?.length;
}
