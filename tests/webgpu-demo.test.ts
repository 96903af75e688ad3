/**
 * The WebGPU demo (samples/webgpu-demo/) end to end: its Vite config generates the WGSL loader
 * from model.ts (the same files `absad compile --target wgsl --batch data --fn hingeLoss`
 * writes), Vite builds the page, a small HTTP server serves it, and headless Chromium runs it
 * with WebGPU on SwiftShader (the CPU Vulkan driver Debian's chromium ships). Checked:
 *  - the page trains to the end with no console error or warning and no page error, on a real
 *    WebGPU adapter (SwiftShader: the flags ask for it);
 *  - the kernel's first loss equals the f64 mean hinge loss at the initial weights computed
 *    here from model.ts, and its first gradient the generated JavaScript's (checked in the page);
 *  - the loss falls below a quarter of its start in 60 Adam steps, and the classifier gets at
 *    least 95% of the training points right; the last loss equals f64 at the final weights;
 *  - on the screenshot, every cell of the decision-region canvas away from the drawn points has
 *    the colour of the sign of model.ts's score at the final weights, both classes cover a real
 *    share of it, and the loss curve is drawn.
 * ABSAD_DEMO_SCREENSHOT=FILE.png also copies the screenshot there (the README's
 * samples/webgpu-demo.png comes from this test).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as viteBuild } from 'vite';
import { chromium, type BrowserContext } from 'playwright-core';
import { DEMO_DATA, initialTheta, THETA_SEED, twoMoons } from '../samples/webgpu-demo/data.ts';
import { H, hingeLoss, score } from '../samples/webgpu-demo/model.ts';
import { BLUE, CELL, ORANGE, XMAX, YMAX } from '../samples/webgpu-demo/plot.ts';
import { absad } from './util/cli.js';
import { decodePng } from './util/png.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const demo = path.join(repo, 'samples', 'webgpu-demo');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-webgpu-demo-'));
const STEPS = 60;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGPU on SwiftShader (Vulkan on the CPU): works without a GPU, as in CI.
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

interface DemoState {
  steps: number;
  step: number;
  losses: number[];
  done: boolean;
  error: string | null;
  adapter: { vendor: string; architecture: string; device: string; description: string } | null;
  flagged: number;
  msPerStep: number;
  theta: number[] | null;
  accuracy: number | null;
  check: { firstLoss: number; firstLossF64: number; firstGradientRelErr: number; lastLoss: number; lastLossF64: number } | null;
}

const data = twoMoons(DEMO_DATA.count, DEMO_DATA.noise, DEMO_DATA.seed);
const point = (s: number) => data.x.subarray(2 * s, 2 * s + 2);

/** The mean hinge loss over the demo's data, in f64, from model.ts as plain TypeScript. */
function meanLoss(theta: Float64Array): number {
  let sum = 0;
  for (let s = 0; s < data.count; s++) sum += hingeLoss(theta, point(s), data.label[s]);
  return sum / data.count;
}

let server: http.Server;
let port = 0;
let context: BrowserContext;

beforeAll(async () => {
  const outDir = path.join(tmp, 'dist');
  await viteBuild({ configFile: path.join(demo, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.join(outDir, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(outDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(tmp, 'profile-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 900, height: 480 },
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (server) await new Promise((r) => server.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('samples/webgpu-demo', () => {
  it('the generated loader is what `absad compile --target wgsl --batch data --fn hingeLoss` writes', () => {
    const out = path.join(tmp, 'cli');
    const r = absad(['compile', 'samples/webgpu-demo/model.ts', '--target', 'wgsl', '--batch', 'data', '--fn', 'hingeLoss', '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const name of ['model.absad.wgsl.js', 'model.absad.wgsl.d.ts', 'model.absad.d.ts']) {
      expect(fs.readFileSync(path.join(demo, 'generated', name), 'utf8'), name).toBe(fs.readFileSync(path.join(out, name), 'utf8'));
    }
    const code = (dir: string) => fs.readFileSync(path.join(dir, 'model.absad.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*\n?$/, '');
    expect(code(path.join(demo, 'generated'))).toBe(code(out));
  });

  it(`trains on WebGPU in headless Chromium: ${STEPS} steps, the loss falls, the regions show the trained network`, async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/?steps=${STEPS}`);
    await page.waitForFunction(() => (window as unknown as { __demo?: { done: boolean } }).__demo?.done === true, null, { timeout: 180_000, polling: 250 });
    const state = await page.evaluate(() => (window as unknown as { __demo: DemoState }).__demo);
    const shot = path.join(tmp, 'webgpu-demo.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.ABSAD_DEMO_SCREENSHOT) fs.copyFileSync(shot, process.env.ABSAD_DEMO_SCREENSHOT);
    console.log(`webgpu-demo: adapter ${JSON.stringify(state.adapter)}, ${state.msPerStep.toFixed(1)} ms/step, loss ${state.losses[0]} -> ${state.losses[STEPS - 1]}, flagged ${state.flagged}`);

    expect(state.error).toBeNull();
    expect(problems).toEqual([]);
    expect(state.adapter).not.toBeNull();
    expect(state.adapter!.vendor).not.toBe('');
    expect(state.adapter!.architecture).toBe('swiftshader');
    expect(state.step).toBe(STEPS);
    expect(state.losses).toHaveLength(STEPS);
    for (const l of state.losses) expect(Number.isFinite(l)).toBe(true);

    // The first loss, from the kernel in f32, against f64 computed here at the same start.
    const start = initialTheta(H, THETA_SEED);
    const f64 = meanLoss(start);
    expect(f64).toBeGreaterThan(0.5);
    expect(Math.abs(state.losses[0] - f64)).toBeLessThanOrEqual(1e-5 * f64);
    const check = state.check!;
    expect(check.firstLoss).toBe(state.losses[0]);
    expect(check.firstGradientRelErr).toBeLessThan(1e-4);

    // Training worked: the loss fell to under a quarter, nearly every point is classified right.
    expect(state.losses[STEPS - 1]).toBeLessThan(0.25 * state.losses[0]);
    const theta = Float64Array.from(state.theta!);
    expect(theta).toHaveLength(H * H + 5 * H + 1);
    expect(theta.some((t, i) => t !== start[i])).toBe(true);
    let right = 0;
    for (let s = 0; s < data.count; s++) if (score(theta, point(s)) * data.label[s] > 0) right++;
    expect(state.accuracy).toBe(right / data.count);
    expect(state.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(check.lastLoss - meanLoss(theta))).toBeLessThanOrEqual(1e-5);
    expect(check.lastLossF64).toBe(meanLoss(theta));

    // The screenshot: where the canvases' drawing areas are on it (device scale factor 1).
    const boxes = await page.evaluate(() =>
      ['regions', 'loss'].map((id) => {
        const c = document.getElementById(id) as HTMLCanvasElement;
        const r = c.getBoundingClientRect();
        return { left: r.left + window.scrollX + c.clientLeft, top: r.top + window.scrollY + c.clientTop, width: c.width, height: c.height };
      }),
    );
    await page.close();
    const img = decodePng(fs.readFileSync(shot));
    const pixel = (x: number, y: number) => Array.from(img.rgba.subarray(4 * (y * img.width + x), 4 * (y * img.width + x) + 3));
    const [regions, loss] = boxes;
    expect(regions.width).toBe(420);

    // Every regions cell whose centre is clear of the drawn points (radius 2.5 plus the white
    // ring) has the class colour of the sign of score there: blue side b > r, orange side r > b.
    const pointsPx = Array.from({ length: data.count }, (_, s) => [((data.x[2 * s] + XMAX) / (2 * XMAX)) * regions.width, ((YMAX - data.x[2 * s + 1]) / (2 * YMAX)) * regions.height]);
    const p = new Float64Array(2);
    let cells = 0;
    let blue = 0;
    let orange = 0;
    const wrong: string[] = [];
    for (let cy = 0; cy + CELL <= regions.height; cy += CELL) {
      for (let cx = 0; cx + CELL <= regions.width; cx += CELL) {
        const mx = cx + CELL / 2;
        const my = cy + CELL / 2;
        if (pointsPx.some(([px, py]) => Math.hypot(px - mx, py - my) < 7)) continue;
        p[0] = -XMAX + (2 * XMAX * mx) / regions.width;
        p[1] = YMAX - (2 * YMAX * my) / regions.height;
        const positive = score(theta, p) >= 0;
        const [r, , b] = pixel(Math.round(regions.left + cx + 1), Math.round(regions.top + cy + 1));
        cells++;
        if (b > r) blue++;
        if (r > b) orange++;
        if ((b > r) !== positive) wrong.push(`cell (${cx}, ${cy}): rgb ${pixel(Math.round(regions.left + cx + 1), Math.round(regions.top + cy + 1)).join(',')}, score ${score(theta, p)}`);
      }
    }
    expect(cells).toBeGreaterThan(5000);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(blue).toBeGreaterThan(0.2 * cells);
    expect(orange).toBeGreaterThan(0.2 * cells);
    // The points themselves: their class colours at their centres.
    let bluePoints = 0;
    let orangePoints = 0;
    for (const [px, py] of pointsPx) {
      const c = pixel(Math.round(regions.left + px), Math.round(regions.top + py));
      if (c.every((v, k) => Math.abs(v - BLUE[k]) <= 40)) bluePoints++;
      if (c.every((v, k) => Math.abs(v - ORANGE[k]) <= 40)) orangePoints++;
    }
    expect(bluePoints).toBeGreaterThan(0.8 * (data.count / 2));
    expect(orangePoints).toBeGreaterThan(0.8 * (data.count / 2));

    // The loss curve (#2563eb, 2 px wide) crosses the plot from the first step to the last.
    let curve = 0;
    const curveColumns = new Set<number>();
    for (let y = 0; y < loss.height; y++) {
      for (let x = 0; x < loss.width; x++) {
        const c = pixel(Math.round(loss.left + x), Math.round(loss.top + y));
        if (Math.abs(c[0] - 0x25) <= 30 && Math.abs(c[1] - 0x63) <= 30 && Math.abs(c[2] - 0xeb) <= 30) {
          curve++;
          curveColumns.add(x);
        }
      }
    }
    expect(curve).toBeGreaterThan(300);
    expect(curveColumns.size).toBeGreaterThan(0.8 * (loss.width - 60));
  }, 300_000);
});
