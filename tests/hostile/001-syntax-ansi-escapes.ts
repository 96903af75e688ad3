// expect: ABS1001 syntax-error 4:16
// Terminal escape sequences on the error line are shown escaped, never sent to the terminal.
export function f(x: Float64Array): number {
  return x[0] +* 2; // [2J[31m clears the screen[0m
}
