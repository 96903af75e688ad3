/**
 * The meaning of a structured `for`: `for (i = lo; i cmp hi; i += step)`. Shared by the
 * interpreter and the trace recorder so both run loops exactly as the generated code does.
 */
export function loopContinues(cmp: unknown, i: number, hi: number): boolean {
  return cmp === '<' ? i < hi : cmp === '<=' ? i <= hi : cmp === '>' ? i > hi : i >= hi;
}
