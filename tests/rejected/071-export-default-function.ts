// expect: ABS1006 unsupported-top-level 2:1
export default function (x: number): number {
  return x * 2;
}
