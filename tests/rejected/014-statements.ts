// expect: ABS1109 unsupported-statement 7:3
// expect: ABS1109 unsupported-statement 11:3
// expect: ABS1109 unsupported-statement 16:23
// expect: ABS1109 unsupported-statement 17:3
export function statements(x: Float64Array, k: number): number {
  let s = 0;
  switch (k) {
    case 0:
      s = x[0];
  }
  try {
    s = Math.sqrt(x[1]);
  } catch {
    s = 0;
  }
  if (x.length === 0) throw new Error('empty');
  outer: for (let i = 0; i < x.length; i++) {
    s += x[i];
  }
  return s;
}
