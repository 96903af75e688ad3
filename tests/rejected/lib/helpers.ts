// A valid helper module that the rejected files import from (not itself a test case).
export function relu(t: number): number {
  return Math.max(t, 0);
}

export const SCALE = 2;
