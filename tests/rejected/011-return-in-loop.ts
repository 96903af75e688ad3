// expect: ABS1107 return-in-loop 5:5
export function first(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    return x[i];
  }
  return s;
}
