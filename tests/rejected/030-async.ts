// expect: ABS1304 async 3:1
// expect: ABS1407 unsupported-return-type 3:41
export async function later(x: number): Promise<number> {
  return x * 2;
}
