// expect: ABS1302 closure-mutation 4:15
export function accumulate(x: Float64Array): number {
  let total = 0;
  const add = (t: number) => {
    total += t;
    return t;
  };
  for (const v of x) add(v);
  return total;
}
