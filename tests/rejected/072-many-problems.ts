// expect: ABS1104 data-dependent-branch 8:7
// expect: ABS1101 data-dependent-loop 9:3
// expect: ABS1201 discontinuous-elemental 11:8
// expect: ABS1313 global 12:3
// expect: ABS1310 string 13:15
export function messy(x: Float64Array): number {
  let s = 0;
  if (x[0] > 1) s = 1;
  while (s < 3) s++;
  let t = 0;
  t += Math.ceil(x[1]);
  console.log(t);
  const tag = 'done';
  return s + t;
}
