/**
 * The verifier: each broken IR text below violates one invariant from the header of
 * compiler/ir/verify.ts and must be reported with that fault, and the error message must show
 * the IR around the fault with the `; ^^^` marker under the faulty op.
 */
import { describe, expect, it } from 'vitest';
import { parseModule } from '../compiler/api.js';
import { IrParseError } from '../compiler/ir/parse.js';
import { assertValid, verifyModule, VerifyError } from '../compiler/ir/verify.js';

const wrap = (body: string, sig = '(%x.0: arr) -> f64') => `module "t.ts"\n\nfunc @f${sig} export @1:1-9:2 {\n${body}\n}\n`;

const CASES: { name: string; text: string; fault: RegExp }[] = [
  {
    name: 'V3 operand types follow the op table',
    text: wrap('  %1 = const 0 : int @1:1-1:2\n  %2 = add %1, %1 @1:1-1:2\n  return %2 @1:1-1:2'),
    fault: /'add' operands 0 must be f64, got int/,
  },
  {
    name: 'V3 constant matches its type',
    text: wrap('  %1 = const 0.5 : int @1:1-1:2\n  %2 = itof %1 @1:1-1:2\n  return %2 @1:1-1:2'),
    fault: /constant does not match its type int/,
  },
  {
    name: 'V4 function body ends with return',
    text: wrap('  %1 = const 1 : f64 @1:1-1:2'),
    fault: /block must end with 'return'/,
  },
  {
    name: 'V4 return carries the result type',
    text: wrap('  %1 = const 1 : int @1:1-1:2\n  return %1 @1:1-1:2'),
    fault: /'return' operands 0 must be f64, got int/,
  },
  {
    name: 'V4 terminator only last',
    text: wrap('  %1 = const 1 : f64 @1:1-1:2\n  return %1 @1:1-1:2\n  return %1 @1:1-1:2'),
    fault: /'return' must be the last op of its block/,
  },
  {
    name: 'V5 for step runs towards its bound',
    text: wrap(
      '  %1 = const 0 : int @1:1-1:2\n  %2 = len %x.0 @1:1-1:2\n  %3 = const 0 : f64 @1:1-1:2\n' +
        '  %4 = for %1, %2, %3 {cmp="<", step=-1} : f64 @1:1-1:2 (%i.5: int, %s.6: f64) {\n    yield %s.6 @1:1-1:2\n  }\n  return %4 @1:1-1:2',
    ),
    fault: /step -1 runs away from its bound/,
  },
  {
    name: 'V5 body yields the carried types',
    text: wrap(
      '  %1 = const 0 : int @1:1-1:2\n  %2 = len %x.0 @1:1-1:2\n  %3 = const 0 : f64 @1:1-1:2\n' +
        '  %4 = for %1, %2, %3 {cmp="<", step=1} : f64 @1:1-1:2 (%i.5: int, %s.6: f64) {\n    yield %i.5 @1:1-1:2\n  }\n  return %4 @1:1-1:2',
    ),
    fault: /'yield' operands 0 must be f64, got int/,
  },
  {
    name: 'V6 if takes a bool',
    text: wrap(
      '  %1 = const 1 : int @1:1-1:2\n  %2 = const 1 : f64 @1:1-1:2\n' +
        '  %3 = if %1 : f64 @1:1-1:2 {\n    yield %2 @1:1-1:2\n  } else {\n    yield %2 @1:1-1:2\n  }\n  return %3 @1:1-1:2',
    ),
    fault: /'if' operands 0 must be bool, got int/,
  },
  {
    name: 'V2 values defined in a region are not visible after it',
    text: wrap(
      '  %1 = const true : bool @1:1-1:2\n  %2 = const 1 : f64 @1:1-1:2\n' +
        '  %3 = if %1 : f64 @1:1-1:2 {\n    %4 = neg %2 @1:1-1:2\n    yield %4 @1:1-1:2\n  } else {\n    yield %2 @1:1-1:2\n  }\n  %5 = add %3, %4 @1:1-1:2\n  return %5 @1:1-1:2',
    ),
    fault: /used before it is defined, or outside its scope/,
  },
  {
    name: 'V7 call to an unknown function',
    text: wrap('  %1 = const 1 : f64 @1:1-1:2\n  %2 = call %1 {callee="nope"} : f64 @1:1-1:2\n  return %2 @1:1-1:2'),
    fault: /call to unknown function @nope/,
  },
  {
    name: 'V8 input arrays are read-only',
    text: wrap('  %1 = const 0 : int @1:1-1:2\n  %2 = const 1 : f64 @1:1-1:2\n  %3 = store %x.0, %1, %2 @1:1-1:2\n  %4 = load %3, %1 @1:1-1:2\n  return %4 @1:1-1:2'),
    fault: /input array id \d+ is written/,
  },
  {
    name: 'V8 arrays are used linearly',
    text: wrap(
      '  %1 = const 2 : int @1:1-1:2\n  %2 = alloc %1 @1:1-1:2\n  %3 = const 0 : int @1:1-1:2\n  %4 = const 1 : f64 @1:1-1:2\n' +
        '  %5 = store %2, %3, %4 @1:1-1:2\n  %6 = load %2, %3 @1:1-1:2\n  return %6 @1:1-1:2',
    ),
    fault: /used after it was consumed by 'store'/,
  },
  {
    name: 'V8 an outer array is not written inside a loop body',
    text: wrap(
      '  %1 = const 2 : int @1:1-1:2\n  %2 = alloc %1 @1:1-1:2\n  %3 = const 0 : int @1:1-1:2\n  %4 = const 1 : f64 @1:1-1:2\n' +
        '  %5 = for %3, %1, %4 {cmp="<", step=1} : f64 @1:1-1:2 (%i.6: int, %s.7: f64) {\n    %8 = store %2, %i.6, %s.7 @1:1-1:2\n    yield %s.7 @1:1-1:2\n  }\n  return %5 @1:1-1:2',
    ),
    fault: /consumed inside a loop or branch/,
  },
  {
    name: 'V9 switch numbers are nonzero integers',
    text: wrap('  %1 = const 0 : int @1:1-1:2\n  %2 = load %x.0, %1 @1:1-1:2\n  %3 = abs %2 {z=0} @1:1-1:2\n  return %3 @1:1-1:2'),
    fault: /bad switch index z=0/,
  },
];

describe('verifier', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const m = parseModule(c.text);
      const faults = verifyModule(m);
      expect(faults.map((f) => f.message).join('\n')).toMatch(c.fault);
      let thrown: unknown;
      try {
        assertValid(m, 'test-pass');
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(VerifyError);
      const msg = (thrown as Error).message;
      expect(msg).toContain("IR verification failed after pass 'test-pass'");
      expect(msg).toMatch(c.fault);
      const faultWithOp = faults.find((f) => f.op !== null && c.fault.test(f.message));
      if (faultWithOp) expect(msg).toMatch(/; \^\^\^ error: /);
    });
  }

  it('V7 recursion is rejected', () => {
    const text = `module "t.ts"\n\nfunc @f(%a.0: f64) -> f64 @1:1-1:2 {\n  %1 = call %a.0 {callee="g"} : f64 @1:1-1:2\n  return %1 @1:1-1:2\n}\n\nfunc @g(%a.0: f64) -> f64 @1:1-1:2 {\n  %1 = call %a.0 {callee="f"} : f64 @1:1-1:2\n  return %1 @1:1-1:2\n}\n`;
    expect(verifyModule(parseModule(text)).map((f) => f.message).join('\n')).toMatch(/recursion: f -> g -> f/);
  });

  it('a sound module has no faults', () => {
    const ok = wrap('  %1 = const 0 : int @1:1-1:2\n  %2 = load %x.0, %1 @1:1-1:2\n  %3 = abs %2 {origin="abs", z=1} @1:1-1:2\n  return %3 @1:1-1:2');
    expect(verifyModule(parseModule(ok))).toEqual([]);
  });
});

describe('IR parser errors', () => {
  const bad: [string, RegExp, number, number][] = [
    ['module "t.ts"\n\nfunc @f() -> f64 @1:1-1:2 {\n  %1 = frobnicate @1:1-1:2\n}\n', /unknown op 'frobnicate'/, 4, 8],
    ['module "t.ts"\n\nfunc @f() -> f64 @1:1-1:2 {\n  %1 = neg %9 @1:1-1:2\n  return %1 @1:1-1:2\n}\n', /use of undefined value %9/, 4, 12],
    ['module "t.ts"\n\nfunc @f() -> real @1:1-1:2 {\n}\n', /expected a type/, 3, 14],
    ['module "t.ts"\n\nfunc @f() -> f64 {\n}\n', /expected a source span/, 3, 18],
  ];
  for (const [text, msg, line, col] of bad) {
    it(`reports ${msg.source} at ${line}:${col}`, () => {
      let err: unknown;
      try {
        parseModule(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(IrParseError);
      expect((err as IrParseError).message).toMatch(msg);
      expect([(err as IrParseError).line, (err as IrParseError).col]).toEqual([line, col]);
    });
  }
});
