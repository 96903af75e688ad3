// expect: ABS1305 class 2:1
class Scaler {
  factor = 2;
}

export function scale(x: number): number {
  return x * 2;
}
