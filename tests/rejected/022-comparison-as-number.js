// expect: ABS1203 comparison-as-number 3:15
export function above(a, b) {
  return a + (a > b) * b;
}
