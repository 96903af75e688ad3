// expect: ABS1313 global 7:3
// expect: ABS1310 string 7:11
// expect: ABS1310 string 7:31
// expect: ABS1310 string 7:45
// CommonJS require and file I/O.
export function f(x) {
  require('fs').writeFileSync('/tmp/pwned', '1');
  return x[0];
}
