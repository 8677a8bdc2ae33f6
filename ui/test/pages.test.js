// Drives every dashboard in a real headless Chromium against a running local cloud and compares what the
// page shows with what the API answers. Run by infra/local's UiBrowserTest (./wattline test), or by hand:
//   WATTLINE_URL=http://127.0.0.1:8001 npm run test:browser
// Env: WATTLINE_URL (required), CHROMIUM_PATH (default /usr/bin/chromium), SCREENSHOT_DIR (optional).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.WATTLINE_URL;
const KEY = process.env.WATTLINE_API_KEY || 'wlk_local_development_key_not_for_production';
const SHOTS = process.env.SCREENSHOT_DIR;
const M1 = 'c0000000-0000-0000-0000-000000000001';
const FACTORY = '11111111-1111-1111-1111-111111111111';
/** Routes of seed 001 that other functions add; until they are deployed they answer 404 and the pages say so. */
const OPTIONAL_ROUTES = /\/api\/v1\/(anomaly|forecast|baseline)\//;
const figures = [];
let browser;

before(async () => {
  assert.ok(BASE, 'WATTLINE_URL must name a running local cloud');
  const executablePath = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(p => fs.existsSync(p));
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
  if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'figures.json'), JSON.stringify(figures, null, 2));
  for (const f of figures) console.log(`page ${f.page}: ${f.kb} KB transferred, first chart after ${f.firstChartMs} ms`);
});

async function api(method, route, body) {
  const res = await fetch(BASE + route, {
    method, headers: { 'x-api-key': KEY, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/**
 * The seeded days of a test cloud hold no incident: make one the way a meter fails. Conveyor-A's meter repeats
 * 200 kW for an hour 30 hours ago (ingestion overwrites the hour), and detection over two days finds it.
 */
async function plantAStuckMeter() {
  const machine = 'c0000000-0000-0000-0000-000000000003';
  const hour = new Date(Date.now() - 30 * 3600_000);
  hour.setUTCMinutes(0, 0, 0);
  const readings = Array.from({ length: 60 }, (_, i) => ({ machine_id: machine,
    timestamp: new Date(hour.getTime() + (i + 1) * 60_000).toISOString(), power_kw: 200, energy_kwh: 200 / 60 }));
  assert.equal((await api('POST', '/api/v1/readings', { readings })).status, 200);
  const end = new Date();
  const detected = await api('POST', '/api/v1/anomaly/detect', { machine_id: machine,
    start_time: new Date(end.getTime() - 48 * 3600_000).toISOString(), end_time: end.toISOString() });
  assert.equal(detected.status, 200, JSON.stringify(detected.json));
  return (await api('GET', '/api/v1/anomaly/active')).json.anomalies;
}

const number = text => Number(String(text).replace(/,/g, ''));

/** Opens a page of the app, records console errors (except the 404s of routes not deployed yet) and the figures. */
async function open(name, hash, { chart = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.addInitScript(k => window.localStorage.setItem('wattline.apiKey', k), KEY);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(`page error: ${e.message}`));
  page.on('console', m => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url || '';
    if (/Failed to load resource.*404/.test(m.text()) && OPTIONAL_ROUTES.test(url)) return;
    errors.push(`console: ${m.text()} ${url}`);
  });
  const t0 = Date.now();
  await page.goto(`${BASE}/ui/${hash}`);
  let firstChartMs = null;
  if (chart) {
    await page.waitForSelector('[data-rendered="true"]', { timeout: 30_000 });
    firstChartMs = Date.now() - t0;
  }
  await page.waitForSelector('#app[data-state="ready"]', { timeout: 30_000 });
  const bytes = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((s, e) => s + (e.transferSize || 0), 0));
  figures.push({ page: name, kb: Math.round(bytes / 1024), firstChartMs });
  return {
    page, errors,
    async done() {
      if (SHOTS) {
        await page.waitForTimeout(1200); // let ECharts' entry animations finish
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
      }
      await context.close();
      assert.deepEqual(errors, [], `no console errors on ${name}`);
    },
  };
}

test('the bundle is served with content types and an index fallback', async () => {
  const index = await fetch(`${BASE}/ui/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  const html = await index.text();
  const js = html.match(/src="(\/ui\/assets\/[^"]+\.js)"/)[1];
  const script = await fetch(BASE + js);
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type'), /^text\/javascript/);
  const deep = await fetch(`${BASE}/ui/machine/${M1}`);
  assert.equal(deep.status, 200);
  assert.equal(await deep.text(), html);
  const redirect = await fetch(`${BASE}/ui`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal((await fetch(`${BASE}/ui/../api/v1/health`)).status, 200); // fetch normalises: the API, not a file outside the bundle
});

test('plant overview: every machine with the live power the API reports', async () => {
  const { json: machines } = await api('GET', '/api/v1/machines');
  const o = await open('overview', '', { chart: false });
  await o.page.waitForFunction(n => document.querySelectorAll('[data-live-power]').length === n
    && [...document.querySelectorAll('[data-live-power]')].every(e => e.textContent !== '…'), machines.length);
  for (const factory of new Set(machines.map(m => m.factory_id))) {
    const shown = await o.page.locator(`[data-factory="${factory}"] [data-machine]`).count();
    assert.equal(shown, machines.filter(m => m.factory_id === factory).length);
  }
  const { json: latest } = await api('GET', `/api/v1/timeseries/latest/${M1}`);
  assert.equal(number(await o.page.textContent(`[data-live-power="${M1}"]`)), Number(latest.power_kw.toFixed(1)));
  await o.page.waitForSelector('[data-kpi="today-energy"]');
  assert.ok(number(await o.page.textContent('[data-kpi="today-energy"]')) > 0, 'today has energy');
  const anomalies = await api('GET', '/api/v1/anomaly/active');
  if (anomalies.status === 404) {
    await o.page.getByText('Anomaly detection: not available yet').waitFor();
  }
  await o.done();
});

test('machine page: KPIs and the cost breakdown equal the API', async () => {
  const o = await open('machine', `#/machine/${M1}?range=24h`);
  const card = o.page.locator('[data-panel="kpis"]');
  await card.locator('[data-kpi="energy"]').waitFor();
  const start = await card.getAttribute('data-start');
  const end = await card.getAttribute('data-end');
  const { json: k } = await api('GET', `/api/v1/kpi/all?machine_id=${M1}&start=${start}&end=${end}`);
  assert.equal(number(await card.locator('[data-kpi="energy"]').textContent()), Number(k.totals.total_energy_kwh.toFixed(1)));
  assert.equal(number(await card.locator('[data-kpi="energy-cost"]').textContent()), Number(k.kpis.energy_cost.value.toFixed(2)));
  assert.equal(number(await card.locator('[data-kpi="peak-demand"]').textContent()), Number(k.kpis.peak_demand.value.toFixed(1)));
  for (const b of k.kpis.energy_cost.breakdown) {
    const cells = await o.page.locator(`[data-table="cost-breakdown"] tr[data-band="${b.band}"] td`).allTextContents();
    assert.equal(number(cells[3]), Number(b.cost.toFixed(2)), `cost of band ${b.band}`);
  }
  const demand = await o.page.locator('[data-table="cost-breakdown"] tr[data-band="demand"] td').allTextContents();
  assert.equal(number(demand[3]), Number((k.kpis.energy_cost.demand_charge ?? 0).toFixed(2)));
  // the rate is per kW and month, and the row says what share of a month the period is billed for (24 h: about 1/30)
  const share = k.kpis.demand_charge.months.reduce((sum, m) => sum + m.share_of_month, 0);
  assert.ok(share > 0.03 && share < 0.036, `a day's share of a month: ${share}`);
  assert.equal(demand[2], `${k.kpis.demand_charge.rate_per_kw.toFixed(2)}/kW-month × ${share.toFixed(3)}`);

  const series = o.page.locator('[data-chart="series"]');
  const { json: s } = await api('GET', `/api/v1/timeseries/energy?machine_id=${M1}&start_time=${await series.getAttribute('data-start')}`
    + `&end_time=${await series.getAttribute('data-end')}&interval=15min`);
  assert.equal(Number(await series.getAttribute('data-points')), s.data_points.length);
  const plotted = await o.page.evaluate(() => window.__wattlineChart('series').series[0].data.length);
  assert.equal(plotted, s.data_points.length);
  await o.page.waitForSelector('[data-chart="heatmap"][data-rendered="true"]');

  // changing the interval re-reads the series
  await o.page.selectOption('select[name="interval"]', '1hour');
  await o.page.waitForFunction(n => Number(document.querySelector('[data-chart="series"]').dataset.points) !== n, s.data_points.length);

  for (const [panel, what] of [['forecast', 'Forecasting'], ['schedule', 'Optimal schedule']]) {
    const p = o.page.locator(`[data-panel="${panel}"]`);
    await p.locator('.notice, [data-rendered="true"]').first().waitFor();
    const text = await p.textContent();
    if (text.includes('not available yet')) assert.match(text, new RegExp(`${what}: not available yet`));
    else if (text.includes('No forecast model for this machine yet')) assert.equal(await p.locator('[data-train]').count(), 1);
    else assert.equal(await p.locator('[data-rendered="true"]').count(), 1, `${panel} chart drawn: ${text}`);
  }
  await o.done();
});

test('sankey: the factory\'s machines, with the API\'s flows', async () => {
  const day = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
  const o = await open('sankey', `#/sankey?factory_id=${FACTORY}&date=${day}`);
  await o.page.waitForSelector('[data-table="flows"] tbody tr');
  const { json: s } = await api('GET', `/api/v1/sankey/data?factory_id=${FACTORY}&date=${day}`); // after: a live plant adds to today
  const machines = s.nodes.filter(n => n.id.startsWith('machine_'));
  const shown = await o.page.locator('[data-table="flows"] tbody tr td:first-child').allTextContents();
  assert.deepEqual(shown.sort(), machines.map(n => n.name).sort());
  for (const l of s.links.filter(x => x.target.startsWith('machine_'))) {
    const cells = await o.page.locator(`[data-table="flows"] tr[data-node="${l.target}"] td`).allTextContents();
    assert.equal(number(cells[2]), Number(l.value.toFixed(2)));
  }
  const drawn = await o.page.evaluate(() => window.__wattlineNodes('sankey'));
  assert.deepEqual(drawn.map(n => n.id).sort(), s.nodes.map(n => n.id).sort());
  for (const n of drawn) assert.ok(n.dx > 0 && n.dy > 0 && n.painted, `node ${n.id} is drawn: ${JSON.stringify(n)}`);
  const depth = Object.fromEntries(drawn.map(n => [n.id, n.x]));
  for (const l of s.links) assert.ok(depth[l.source] < depth[l.target], `${l.source} left of ${l.target}`);
  await o.done();
});

test('comparison: each machine\'s energy equals the API', async () => {
  const o = await open('compare', '#/compare');
  await o.page.waitForSelector('[data-table="comparison"] tbody tr');
  const ids = await o.page.locator('[data-table="comparison"] tbody tr').evaluateAll(rows => rows.map(r => r.dataset.machine));
  const startDate = await o.page.inputValue('input[name="start_date"]');
  const endDate = await o.page.inputValue('input[name="end_date"]');
  const { json: r } = await api('GET', `/api/v1/comparison/machines?machine_ids=${ids.join(',')}&start_date=${startDate}&end_date=${endDate}&metrics=energy,power,cost,sec`);
  assert.ok(ids.length >= 2);
  for (const m of r.machines) {
    assert.equal(number(await o.page.textContent(`[data-energy="${m.machine_id}"]`)), Number(m.metrics.total_energy.toFixed(1)));
  }
  await o.done();
});

test('twin: calibrate with progress, inject a fault, watch the score cross the cut-off', async () => {
  const asset = `UI-Test-${Date.now()}`;
  const o = await open('twin', `#/twin?asset_id=${asset}`);
  try {
    await o.page.waitForSelector('[data-twin="state"]:text("IDLE")');
    await o.page.click('[data-action="calibrate"]');
    await o.page.getByText('calibrate: Calibration started').waitFor();
    // the progress bar follows the calibration's phases (seed 000's messages) until monitoring starts
    await o.page.waitForSelector('[data-twin="progress"]:not([hidden])', { timeout: 5_000 });
    assert.ok(Number(await o.page.getAttribute('[data-twin="progress"]', 'data-percent')) < 100);
    await o.page.waitForSelector('[data-twin="state"]:text("MONITORING_HEALTHY")', { timeout: 60_000 });
    assert.equal(await o.page.textContent('[data-kpi="health"]'), '100');
    await o.page.selectOption('select[name="fault_type"]', 'SPIKE');
    await o.page.selectOption('select[name="severity"]', 'SEVERE');
    await o.page.click('[data-action="inject-fault"]');
    await o.page.waitForSelector('[data-twin="state"]:text("FAULT_INJECTION")');
    assert.equal(await o.page.textContent('[data-kpi="fault"]'), 'SPIKE SEVERE');
    await o.page.waitForFunction(() => Number(document.querySelector('[data-kpi="score"]').textContent) >= 0.65, null, { timeout: 20_000 });
    const { json: state } = await api('GET', `/system/state?asset_id=${asset}`);
    assert.equal(state.state, 'FAULT_INJECTION');
    assert.ok(state.degradation_index > 0, 'the fault damages the asset');
    const points = await o.page.evaluate(() => window.__wattlineChart('score').series[0].data.length);
    assert.ok(points >= 2, `score chart has ${points} points`);
    await o.done(); // the screenshot shows the fault being scored
  } finally {
    await api('POST', `/system/purge?asset_id=${asset}`);
  }
});

test('detection playground: marks the spike of an example series', async () => {
  const o = await open('detect', '#/detect', { chart: false });
  // a bad series answers Azure's error, shown on the page
  await o.page.fill('textarea[name="series"]', '2026-01-01T00:00:00Z,1\n2026-01-01T01:00:00Z,2');
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('.notice.error');
  assert.match(await o.page.textContent('.notice.error'), /^400: InvalidSeries/);
  await o.page.getByText('Example with a spike').click();
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('[data-table="anomalies"] tbody tr');
  const indexes = await o.page.locator('[data-table="anomalies"] tbody tr').evaluateAll(rows => rows.map(r => Number(r.dataset.index)));
  assert.ok(indexes.includes(250), `the spike at 250 is marked (marked: ${indexes})`);
  assert.ok(indexes.length <= 10, `few false alarms (marked: ${indexes.length})`);
  const opt = await o.page.evaluate(() => window.__wattlineChart('detection'));
  assert.equal(opt.series.find(s => s.name === 'expected').data.length, 24 * 14);
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 400/.test(e))); // the 400 is the point here
  await o.done();
});

test('anomalies: resolve from the page when the anomaly routes are deployed', async t => {
  const active = await api('GET', '/api/v1/anomaly/active');
  if (active.status === 404) { t.skip('the anomaly function is not deployed: the pages say "not available yet" (checked above)'); return; }
  let list = active.json.anomalies;
  if (!list.length) list = await plantAStuckMeter();
  assert.ok(list.length > 0, 'an active anomaly to resolve');
  const a = list[0];
  const o = await open('anomalies', '', { chart: false });
  await o.page.click(`[data-resolve="${a.id}"]`);
  await o.page.waitForSelector(`[data-status="${a.id}"]:text-is("resolved")`);
  const after = await api('GET', '/api/v1/anomaly/active');
  assert.ok(!after.json.anomalies.some(x => x.id === a.id), 'resolved anomaly is no longer active');
  await o.done();
});

test('API docs: Swagger UI at /docs renders every route of the OpenAPI document, no console errors', async () => {
  const { json: doc } = await api('GET', '/openapi.json');
  const operations = Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0);
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(`page error: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  const t0 = Date.now();
  await page.goto(`${BASE}/docs/`);
  await page.waitForSelector('.opblock', { timeout: 30_000 });
  const shownAfterMs = Date.now() - t0;
  assert.equal(await page.locator('.opblock').count(), operations, 'one block per documented operation');
  const bytes = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((s, e) => s + (e.transferSize || 0), 0));
  figures.push({ page: 'docs', kb: Math.round(bytes / 1024), firstChartMs: shownAfterMs });
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'docs.png'), fullPage: false });
  await context.close();
  assert.deepEqual(errors, [], 'no console errors on /docs');
});
