// The static report of `cecat report` opened in a real browser (issue 21 part 5):
// Debian's headless Chromium driven by playwright-core (tests/package.json; both
// installed by scripts/setup.sh --test).
//
//   node report_test.mjs --cli-tests PATH --out DIR [--chromium PATH]
//
// 1. Runs the hidden Catch2 case "browser fixture: ..." of cli_tests (PATH), which
//    seeds a history of runs into DIR/fixture/cecat.db, writes the report into
//    DIR/fixture/site and what its pages must show into DIR/fixture/expected.json.
// 2. Checks that the request guard works: a canary page asking for an http image
//    must be flagged.
// 3. Opens every page of the report with a file:// URL and fails on any console
//    error or page error, on any request that is not a file inside the report
//    folder (each is also aborted), on any <script>, and on a link to a page that
//    does not exist; checks the index's table and sparklines (one point per run)
//    and the acme page's coverage row against expected.json.
// 4. Saves a full-page screenshot of each page under DIR/screenshots/.
//
// Exit 0: passed; 1: failed; 77: Chromium is not installed (CTest reports a skip).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      console.error(`report_test: bad argument '${argv[i]}'`);
      process.exit(2);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

function findChromium(given) {
  const candidates = [given, process.env.CECAT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c) => c && fs.existsSync(c));
}

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
}

const args = parseArgs(process.argv.slice(2));
if (!args['cli-tests'] || !args.out) {
  console.error('usage: node report_test.mjs --cli-tests PATH --out DIR [--chromium PATH]');
  process.exit(2);
}
const chromiumPath = findChromium(args.chromium);
if (!chromiumPath) {
  console.log('report_test: SKIPPED: Chromium is not installed (scripts/setup.sh --test installs Debian\'s chromium)');
  process.exit(77);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`report_test: playwright-core is missing (run scripts/setup.sh --test, or npm ci in tests/): ${e.message}`);
  process.exit(1);
}

const out = path.resolve(args.out);
const fixture = path.join(out, 'fixture');
const site = path.join(fixture, 'site');
const shots = path.join(out, 'screenshots');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });

// 1. The seeded report.
const seeded = spawnSync(args['cli-tests'], ['browser fixture: a seeded report for the browser test'], {
  env: { ...process.env, CECAT_REPORT_FIXTURE_DIR: fixture },
  encoding: 'utf8',
});
if (seeded.status !== 0) {
  console.error(`report_test: the fixture failed (exit ${seeded.status}):\n${seeded.stdout}\n${seeded.stderr}`);
  process.exit(1);
}
const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8'));
const siteUrl = pathToFileURL(site + path.sep).href;

// A request is allowed only when it is a file:// URL naming a file inside `dir`
// (the report folder; no "..").
function allowed(url, dir = site) {
  if (!url.startsWith('file://')) return false;
  let file;
  try {
    file = fileURLToPath(url);
  } catch {
    return false;
  }
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

// A context whose every request is checked: the route handler aborts those not
// allowed (file:// ones are not routed by Chromium, so 'request' checks them too).
async function guardedContext(browser, flagged, dir = site) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, javaScriptEnabled: true });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url, dir)) return route.continue();
    flagged.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (!allowed(request.url(), dir) && !flagged.includes(request.url())) flagged.push(request.url());
  });
  return context;
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  // Root in a container has no user namespace for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  // 2. The guard flags what it must: a canary page outside the folder asking the network.
  {
    const canaryDir = path.join(out, 'canary');
    fs.mkdirSync(canaryDir, { recursive: true });
    const canary = path.join(canaryDir, 'canary.html');
    fs.writeFileSync(canary, '<!DOCTYPE html><title>canary</title><img src="http://127.0.0.1:9/x.png">');
    const flagged = [];
    const context = await guardedContext(browser, flagged, canaryDir);
    const page = await context.newPage();
    await page.goto(pathToFileURL(canary).href);
    await page.waitForTimeout(200);
    check(flagged.some((u) => u.startsWith('http://127.0.0.1:9/')), `the guard missed the canary's request: ${JSON.stringify(flagged)}`);
    await context.close();
  }

  // 3. Every page of the report.
  const pages = fs.readdirSync(site).filter((f) => f.endsWith('.html')).sort();
  check(pages.includes('index.html'), 'no index.html');
  check(pages.length === 1 + 2 * expected.sources.length, `${pages.length} pages for ${expected.sources.length} sources`);
  const flagged = [];
  const context = await guardedContext(browser, flagged);
  for (const name of pages) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    const response = await page.goto(siteUrl + name, { waitUntil: 'load' });
    check(response === null || response.ok() || response.status() === 0, `${name}: load failed`);
    await page.screenshot({ path: path.join(shots, name.replace(/\.html$/, '.png')), fullPage: true });
    check(errors.length === 0, `${name}: ${errors.join('; ')}`);
    check((await page.locator('script').count()) === 0, `${name}: has a <script>`);
    for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href))) {
      check(allowed(href) && fs.existsSync(fileURLToPath(href)), `${name}: link to ${href}`);
    }
    // The page's own title comes from the index: hostile text must not be markup.
    check(!(await page.content()).includes('<script>alert'), `${name}: hostile text became markup`);

    if (name === 'index.html') {
      for (const s of expected.sources) {
        const row = page.locator(`tr[data-source="${s.id}"]`);
        check((await row.count()) === 1, `index: ${s.id}: ${await row.count()} rows`);
        if ((await row.count()) !== 1) continue;
        const status = (await row.locator('td.last-status').innerText()).split('\n')[0].trim();
        check(status === s.status, `index: ${s.id}: status '${status}', expected '${s.status}'`);
        const health = (await row.locator('td.health').innerText()).trim();
        check(health === s.health, `index: ${s.id}: health '${health}', expected '${s.health}'`);
        const records = (await row.locator('td.records').innerText()).trim();
        check(records === String(s.records), `index: ${s.id}: records '${records}', expected ${s.records}`);
        for (const kind of ['records', 'duration']) {
          const svg = row.locator(`svg.spark-${kind}`);
          const points = await svg.evaluate((el) => {
            const line = el.querySelector('polyline');
            return line ? line.points.numberOfItems : 0;
          });
          check(points === s.points, `index: ${s.id}: ${kind} sparkline has ${points} points, expected ${s.points}`);
        }
        const title = await row.locator('svg.spark-records title').textContent();
        const want = `records per run, oldest first: ${s.record_counts.length ? s.record_counts.join(', ') : 'none'}`;
        check(title === want, `index: ${s.id}: sparkline title '${title}', expected '${want}'`);
        if (s.reason) {
          const reasons = await row.locator('td.reasons').innerText();
          check(reasons.includes(s.reason), `index: ${s.id}: reasons '${reasons}'`);
        }
      }
      // Hostile text is shown as text.
      const text = await page.locator('body').innerText();
      check(text.includes(expected.hostile), 'index: the hostile reason is not shown as text');
    }
    if (name === 'source-acme.html') {
      const acme = expected.sources.find((s) => s.id === 'acme');
      const cells = await page.locator('table.coverage tr[data-field="ce_hours"] td').allInnerTexts();
      check(JSON.stringify(cells.map((c) => c.trim())) === JSON.stringify(acme.coverage_ce_hours),
        `source-acme: ce_hours cells ${JSON.stringify(cells)}, expected ${JSON.stringify(acme.coverage_ce_hours)}`);
      const heads = await page.locator('table.coverage thead th').count();
      check(heads === 1 + acme.points, `source-acme: ${heads - 1} run columns, expected ${acme.points}`);
    }
    await page.close();
  }
  check(flagged.length === 0, `requests outside the report folder: ${JSON.stringify(flagged)}`);
  await context.close();
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`report_test: ${failures.length} failure(s):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`report_test: ok: ${fs.readdirSync(shots).length} pages checked; screenshots in ${shots}`);
