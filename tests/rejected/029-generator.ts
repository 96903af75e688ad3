// expect: ABS1303 generator 3:1
// expect: ABS1303 generator 4:22
export function* values(x: Float64Array): Generator<number> {
  for (const v of x) yield v;
}
