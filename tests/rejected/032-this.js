// expect: ABS1306 this 3:14
export function scaled(x) {
  return x * this.factor;
}
