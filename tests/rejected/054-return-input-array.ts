// expect: ABS1404 array-alias 3:3
export function identity(x: Float64Array): Float64Array {
  return x;
}
