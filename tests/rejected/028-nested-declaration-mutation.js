// expect: ABS1302 closure-mutation 4:3
export function counter(x) {
  let count = 0;
  function bump() {
    count = count + 1;
    return count;
  }
  return x * bump();
}
