// Names every JavaScript object already has (Object.prototype's): absad must look names up in
// its own tables, never find `constructor` or `toString` on an empty object.
// check: valueOf [[0.5, -1.5, 2], 0.25]
// check: isPrototypeOf [[3, -4, 0.5]]
const __proto__ = [1, 2, 3];
const constructor = 2;
function toString(t: number): number {
  return Math.abs(t) * constructor;
}
function hasOwnProperty(a: number, b: number): number {
  return Math.max(a, b);
}

export function valueOf(x: Float64Array, __defineGetter__: number): number {
  let propertyIsEnumerable = 0;
  for (let i = 0; i < 3; i++) propertyIsEnumerable += __proto__[i] * toString(x[i]);
  return hasOwnProperty(propertyIsEnumerable, __defineGetter__);
}

export function isPrototypeOf(__proto__: Float64Array): number {
  const toLocaleString = __proto__[0] * __proto__[1];
  const __lookupGetter__ = Math.min(toLocaleString, __proto__[2]);
  return __lookupGetter__ + toString(__proto__[2]);
}
