/**
 * The fuzzer's command line (run by cli.mjs, `npm run fuzz`):
 *
 *   npm run fuzz -- [--count N] [--seed S] [--wgsl-every K] [--no-save] [--no-shrink]
 *
 * Generates N programs (default 200) from seed S (default 1), runs every differential check on
 * each (the WGSL check, which builds a GPU pipeline per program, on every K-th program; default
 * every one), shrinks each new kind of failure and saves its reproducer in tests/regressions/
 * (unless --no-save), prints a summary (programs, checks run per kind, skips and why, failures,
 * time) and exits 1 if any check failed.
 */
import { formatSummary, runCampaign } from './run.js';

function parseArgs(argv: string[]): { count: number; seed: number; wgslEvery: number; save: boolean; shrink: boolean } {
  const out = { count: 200, seed: 1, wgslEvery: 1, save: true, shrink: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a non-negative integer, got '${argv[i]}'`);
      return v;
    };
    if (a === '--count') out.count = value();
    else if (a === '--seed') out.seed = value();
    else if (a === '--wgsl-every') out.wgslEvery = Math.max(1, value());
    else if (a === '--no-save') out.save = false;
    else if (a === '--no-shrink') out.shrink = false;
    else throw new Error(`unknown option '${a}' (usage: npm run fuzz -- [--count N] [--seed S] [--wgsl-every K] [--no-save] [--no-shrink])`);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const every = Math.max(25, Math.ceil(args.count / 20));
  const summary = await runCampaign({
    count: args.count,
    seed: args.seed,
    saveDir: args.save ? 'tests/regressions' : null,
    shrink: args.shrink,
    wgslEvery: args.wgslEvery,
    onProgress: (done, s) => {
      if (done % every === 0 && done < args.count) process.stderr.write(`  ${done}/${args.count} programs, ${s.failures.length} failures, ${s.seconds.toFixed(0)} s\n`);
    },
  });
  process.stdout.write(`${formatSummary(summary, args.seed)}\n`);
  return summary.failures.length > 0 ? 1 : 0;
}
