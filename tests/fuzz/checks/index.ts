/**
 * Runs every differential check on one fuzz case and reports each outcome:
 *   compile   absad compiles the program (it is inside the subset by construction);
 *   primal, source, gradient, vjp, anf, kink, wgsl   (see the files of this folder).
 * A check that throws fails with the exception (a crash of generated code or of the runtime is
 * a finding, not noise). `only` restricts the run, which the shrinker uses to re-test one check.
 */
import { load } from '../load.js';
import type { FuzzCase } from '../program.js';
import { checkAnf } from './anf.js';
import { type CheckName, type Ctx, fail, makeCtx, type Outcome, skip } from './common.js';
import { checkGradient, checkVjp } from './gradient.js';
import { checkKink } from './kink.js';
import { checkPrimal, checkSource } from './primal.js';
import { checkWgsl, wgslAvailability } from './wgsl.js';

export { CHECK_NAMES, type CheckName, type Outcome } from './common.js';

export interface CaseReport {
  outcomes: Partial<Record<CheckName, Outcome>>;
  failures: { check: CheckName; message: string }[];
}

const CPU_CHECKS: [CheckName, (ctx: Ctx) => Outcome][] = [
  ['primal', checkPrimal],
  ['source', checkSource],
  ['gradient', checkGradient],
  ['vjp', checkVjp],
  ['anf', checkAnf],
  ['kink', checkKink],
];

const threw = (err: unknown): Outcome => fail(`threw ${(err as Error)?.stack?.split('\n').slice(0, 4).join('\n') ?? String(err)}`);

function guarded(run: () => Outcome): Outcome {
  try {
    return run();
  } catch (err) {
    return threw(err);
  }
}

export async function runChecks(c: FuzzCase, only?: readonly CheckName[]): Promise<CaseReport> {
  const wanted = (name: CheckName) => !only || only.includes(name);
  const outcomes: CaseReport['outcomes'] = {};
  const loaded = load(c);
  outcomes.compile = loaded.ok ? { status: 'pass' } : fail(loaded.message);
  if (loaded.ok) {
    let ctx: Ctx | null = null;
    const made = guarded(() => {
      ctx = makeCtx(c, loaded.loaded);
      return { status: 'pass' };
    });
    for (const [name, check] of CPU_CHECKS) {
      if (!wanted(name)) continue;
      outcomes[name] = ctx ? guarded(() => check(ctx!)) : made;
    }
    if (wanted('wgsl')) {
      const w = await wgslAvailability();
      if (!w.available) outcomes.wgsl = skip(w.reason);
      else if (!ctx) outcomes.wgsl = made;
      else outcomes.wgsl = await checkWgsl(ctx).catch(threw);
    }
  }
  const failures = Object.entries(outcomes).flatMap(([check, o]) => (o.status === 'fail' ? [{ check: check as CheckName, message: o.message }] : []));
  return { outcomes, failures };
}
