// Screenshots an HTML report in headless Chromium (the README's samples/report-html.png):
//   node tests/util/screenshot-report.mjs REPORT.html OUT.png [WIDTH] [HEIGHT]
// Prints the console and page errors it saw (there should be none) and exits 1 if any.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [html, png, width = '1280', height = '860'] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: node tests/util/screenshot-report.mjs REPORT.html OUT.png [WIDTH] [HEIGHT]');
  process.exit(1);
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-screenshot-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: Number(width), height: Number(height) },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(path.resolve(html)).href, { waitUntil: 'load' });
  await page.screenshot({ path: png });
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${png}: ${fs.statSync(png).size} bytes, ${errors.length} errors`);
for (const e of errors) console.log(e);
process.exit(errors.length > 0 ? 1 : 0);
