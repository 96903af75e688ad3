// expect: ABS1304 async 2:1
// expect: ABS1407 unsupported-return-type 2:41
export async function later(x: number): Promise<number> {
  return x * 2;
}
