// expect: ABS1006 unsupported-top-level 3:1
// An anonymous default export.
export default function (x: Float64Array): number {
  return x[0];
}
