// expect: ABS4001 generated-name-clash 3:8
// An export named like the kink counter absad generates for another.
export function loss(x) {
  return Math.abs(x[0]);
}
export function loss_kinks(x) {
  return x[0];
}
