// Dollar signs, which absad's own names contain: in exported functions, parameters and locals.
// check: $ [[0.5, -3, 1.25], [2, 1, 4]]
// check: _$ [[0.5, -3]]
export function $($$, _$) {
  let $s = 0;
  for (let $i = 0; $i < $$.length; $i++) $s += Math.abs($$[$i] - _$[$i]) * _$[$i];
  const a$b = $s;
  return a$b;
}
export function _$($) {
  const $_grad = $[0] * $[1];
  return Math.max($_grad, $[0]);
}
