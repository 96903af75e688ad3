// expect: ABS1412 wrong-arity 7:10
function hinge(t: number): number {
  return Math.max(1 - t, 0);
}

export function loss(x: number): number {
  return hinge(x, 2);
}
