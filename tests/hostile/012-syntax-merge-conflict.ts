// expect: ABS1001 syntax-error 6:1
// expect: ABS1001 syntax-error 8:1
// expect: ABS1001 syntax-error 10:1
// Merge conflict markers left in the file.
export function f(x: Float64Array): number {
<<<<<<< HEAD
  return Math.abs(x[0]);
=======
  return Math.max(x[0], 0);
>>>>>>> feature
}
