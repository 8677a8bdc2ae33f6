// Drives every dashboard in a real headless Chromium against a running local cloud and compares what the
// page shows with what the API answers. Run by infra/local's UiBrowserTest (./wattline test), or by hand:
//   WATTLINE_URL=http://127.0.0.1:8001 npm run test:browser
// Env: WATTLINE_URL (required), CHROMIUM_PATH (default /usr/bin/chromium), SCREENSHOT_DIR (optional).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startOfLocalDay, addDays } from '../src/format.js';

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
const close = (a, b, what, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** The instant the day that is today in `zone` began (the factory's local midnight). */
function localMidnight(zone, now = Date.now()) {
  const wall = t => Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(t)).filter(p => p.type !== 'literal').map(p => [p.type, Number(p.value)]));
  const w = wall(now);
  const midnight = Date.UTC(w.year, w.month - 1, w.day);
  let t = midnight;
  for (let i = 0; i < 3; i++) { const x = wall(t); t = midnight - (Date.UTC(x.year, x.month - 1, x.day, x.hour, x.minute, x.second) - t); }
  return new Date(t);
}

/** Holds the answers of requests matching `test` back by `ms` (an answer overtaken by a later one). */
async function delay(page, pattern, ms, test = () => true) {
  await page.route(pattern, async route => {
    if (test(new URL(route.request().url()))) await sleep(ms);
    await route.continue().catch(() => {}); // the page may be gone by then
  });
}

/** Opens a page of the app, records console errors (except the 404s of routes not deployed yet) and the figures. */
async function open(name, hash, { chart = true, width = 1360, key = KEY, setup, ready = true, timezoneId } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId });
  if (key) await context.addInitScript(k => window.localStorage.setItem('wattline.apiKey', k), key);
  const page = await context.newPage();
  if (setup) await setup(page);
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
  if (ready) await page.waitForSelector('#app[data-state="ready"]', { timeout: 30_000 });
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
  const { json: latestBefore } = await api('GET', `/api/v1/timeseries/latest/${M1}`);
  const o = await open('overview', '', { chart: false });
  await o.page.waitForFunction(n => document.querySelectorAll('[data-live-power]').length === n
    && [...document.querySelectorAll('[data-live-power]')].every(e => e.textContent !== '…'), machines.length);
  for (const factory of new Set(machines.map(m => m.factory_id))) {
    const shown = await o.page.locator(`[data-factory="${factory}"] [data-machine]`).count();
    assert.equal(shown, machines.filter(m => m.factory_id === factory).length);
  }
  // the live feed posts a reading a minute: the page shows the one before or after it read
  const { json: latest } = await api('GET', `/api/v1/timeseries/latest/${M1}`);
  const shownKw = number(await o.page.textContent(`[data-live-power="${M1}"]`));
  assert.ok([latestBefore, latest].some(l => Number(l.power_kw.toFixed(1)) === shownKw),
    `${shownKw} is neither ${latestBefore.power_kw} nor ${latest.power_kw}`);
  await o.page.waitForSelector('[data-kpi="today-energy"]');
  assert.ok(number(await o.page.textContent('[data-kpi="today-energy"]')) > 0, 'today has energy');
  // today is each factory's local day, and its cost the API's total (energy and the demand charge's share)
  const sums = new Map();
  for (const m of machines) {
    const today = o.page.locator(`[data-today="${m.id}"]`);
    const start = await today.getAttribute('data-start');
    assert.equal(start, localMidnight(m.factory_timezone).toISOString(), `${m.name}'s today starts at its factory's midnight`);
    const { json: k } = await api('GET', `/api/v1/kpi/all?machine_id=${m.id}&start=${start}&end=${await today.getAttribute('data-end')}`);
    const currency = k.kpis.energy_cost.unit;
    sums.set(currency, (sums.get(currency) || 0) + k.totals.total_cost);
  }
  for (const [currency, cost] of sums) {
    close(number(await o.page.textContent(`[data-currency="${currency}"] [data-kpi="today-cost"]`)), Number(cost.toFixed(2)), `today's ${currency} cost`, 0.005);
  }
  const anomalies = await api('GET', '/api/v1/anomaly/active');
  if (anomalies.status === 404) {
    await o.page.getByText('Anomaly detection: not available yet').waitFor();
  }
  await o.done();
});

test('plant overview: a machine without readings today is said apart, not as a failed read', async () => {
  const BOILER = 'c0000000-0000-0000-0000-000000000008';
  const o = await open('overview-silent', '', { chart: false, setup: page => page.route(`**/api/v1/kpi/all?*`, route =>
    (new URL(route.request().url()).searchParams.get('machine_id') === BOILER
      ? route.fulfill({ status: 404, json: { detail: 'No data available for this period' } }) : route.continue())) });
  await o.page.waitForSelector('[data-kpi="today-energy"]');
  assert.equal(await o.page.textContent(`[data-today="${BOILER}"]`), 'today: no readings yet');
  const today = o.page.locator('[data-panel="today"]');
  assert.equal(await today.locator('.notice.error').count(), 0, await today.locator('.notice.error').allTextContents().then(t => t.join(' | ')));
  await today.getByText('No readings today yet from Boiler-1.').waitFor();
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 404/.test(e))); // the 404 is the point here
  await o.done();
});

test('plant overview: a machine with a production count and no readings today is said apart, not summed as 0', async () => {
  const BOILER = 'c0000000-0000-0000-0000-000000000008';
  // the API's answer then: 200, energy, cost and carbon null with their reason (no readings in the period)
  const o = await open('overview-count-only', '', { chart: false, setup: page => page.route(`**/api/v1/kpi/all?*`, async route => {
    if (new URL(route.request().url()).searchParams.get('machine_id') !== BOILER) return route.continue();
    const r = await route.fetch(), k = await r.json();
    k.totals.total_energy_kwh = null; k.totals.total_cost = null;
    k.kpis.energy_cost.value = null; k.kpis.energy_cost.total_cost = null; k.kpis.carbon_intensity.value = null;
    return route.fulfill({ response: r, json: k });
  }) });
  await o.page.waitForSelector('[data-kpi="today-energy"]');
  assert.equal(await o.page.textContent(`[data-today="${BOILER}"]`), 'today: no readings yet');
  await o.page.locator('[data-panel="today"]').getByText('No readings today yet from Boiler-1.').waitFor();
  await o.done();
});

test('an empty plant (no machine yet) says so on the overview and the comparison, not "no readings" or "pick two"', async () => {
  const empty = async page => {
    await page.route('**/api/v1/machines', route => route.fulfill({ status: 200, json: [] }));
    await page.route('**/api/v1/comparison/available', route => route.fulfill({ status: 200, json: [] }));
    await page.route('**/api/v1/anomaly/active', route => route.fulfill({ status: 200, json: { anomalies: [], total_count: 0 } }));
  };
  const said = "No machines yet: import the plant's catalogue (./wattline import plant.json, see docs/CATALOG.md) and they show here.";
  const o = await open('overview-empty', '', { chart: false, setup: empty });
  assert.deepEqual(await o.page.locator('#app .notice').allTextContents(), [said]);
  assert.equal(await o.page.locator('[data-panel="today"]').count(), 0, 'no "Today" of no machines');
  await o.done();
  const c = await open('compare-empty', '#/compare', { chart: false, setup: empty });
  assert.deepEqual(await c.page.locator('#app .notice').allTextContents(), [said]);
  await c.done();
  const one = await open('compare-one', '#/compare', { chart: false, setup: page => page.route('**/api/v1/comparison/available',
    route => route.fulfill({ status: 200, json: [{ id: M1, name: 'Compressor-1' }] })) });
  assert.deepEqual(await one.page.locator('#app .notice').allTextContents(), ['Compressor-1 is the only machine: nothing to compare it with yet.']);
  await one.done();
});

test('a factory without a location: no empty "()" on the machine page, no leading "·" on the overview', async () => {
  const unplaced = async route => {
    const r = await route.fetch(), k = await r.json();
    for (const m of [].concat(k)) m.factory_location = null;
    return route.fulfill({ response: r, json: k });
  };
  const o = await open('machine-no-location', `#/machine/${M1}?range=24h`, { chart: false, setup: page => page.route(`**/api/v1/machines/${M1}`, unplaced) });
  await o.page.locator('.sub').first().waitFor();
  assert.equal(await o.page.locator('.sub').first().textContent(), 'compressor · rated 55.00 kW · Demo Manufacturing Plant');
  await o.done();
  const v = await open('overview-no-location', '', { chart: false, setup: page => page.route('**/api/v1/machines', unplaced) });
  const heading = await v.page.locator(`[data-factory="${FACTORY}"] h2 .muted`).textContent();
  assert.match(heading, /^ {2}America\/Los_Angeles · \d+ machines · $/);
  await v.done();
});

test('plant overview: an API that stops answering is said once, each card says its last power, and no "as of" time', async () => {
  const o = await open('overview-api-gone', '', { chart: false, setup: page => page.clock.install() });
  await o.page.waitForSelector('[data-kpi="today-energy"]');
  const before = await o.page.$$eval('[data-live-power]', els => els.map(e => [e.dataset.livePower, e.textContent]));
  await o.page.route('**/api/**', route => route.abort('connectionrefused'));
  await o.page.clock.runFor(5 * 60_000 + 1000); // the live (30 s) and today (5 min) refreshes
  await o.page.locator('[data-as-of]', { hasText: 'tried at' }).waitFor();
  await o.page.waitForFunction(() => [...document.querySelectorAll('[data-live-at]')].every(e => e.textContent.startsWith('not read')));
  for (const [id, power] of before) {
    assert.match(await o.page.textContent(`[data-live-at="${id}"]`), new RegExp(`^not read: the API did not answer \\(last ${power} kW at .+\\)$`));
    assert.equal(await o.page.textContent(`[data-today="${id}"]`), 'today: not read (the API did not answer)');
  }
  const said = await o.page.locator('#app').textContent();
  assert.equal(said.split('No answer from the API').length - 1, 1, 'the full sentence once, in the Today card');
  assert.match(await o.page.textContent('[data-as-of]'), /^tried at /);
  o.errors.length = 0; // the refused requests are the point here
  await o.done();
});

test('plant overview: a machine whose factory has no tariff is counted apart in its currency\'s total cost, not added as 0', async () => {
  const { json: k1 } = await api('GET', `/api/v1/kpi/all?machine_id=${M1}&start=${new Date(Date.now() - 3600_000).toISOString()}&end=${new Date().toISOString()}`);
  const currency = k1.kpis.energy_cost.unit;
  // the API's answer for a factory without a tariff: energy and carbon, the costs null with their reason
  const unpriced = test => page => page.route('**/api/v1/kpi/all?*', async route => {
    const r = await route.fetch(), k = await r.json();
    if (!test(new URL(route.request().url()).searchParams.get('machine_id'), k)) return route.fulfill({ response: r, json: k });
    k.totals.total_cost = null;
    Object.assign(k.kpis.energy_cost, { value: null, cost_per_unit: null, breakdown: [], demand_charge: null, total_cost: null,
      reason: 'No tariff configured for this factory' });
    return route.fulfill({ response: r, json: k });
  });
  const group = o => o.page.locator(`[data-currency="${currency}"]`);
  // one of the group's machines unpriced: the others' sum, saying it leaves that one out
  let o = await open('overview-no-tariff', '', { chart: false, setup: unpriced(id => id === M1) });
  await group(o).locator('[data-kpi="today-cost"]').waitFor();
  assert.match(await group(o).locator('[data-unpriced]').textContent(), /^excludes 1 machine without a tariff \(/);
  assert.ok(Number.isFinite(number(await group(o).locator('[data-kpi="today-cost"]').textContent())));
  await o.done();
  // none of them priced: no sum at all, not 0.00
  o = await open('overview-no-tariff-all', '', { chart: false, setup: unpriced((_, k) => k.kpis.energy_cost.unit === currency) });
  await group(o).locator('[data-kpi="today-cost"]').waitFor();
  assert.equal(await group(o).locator('[data-kpi="today-cost"]').textContent(), '–');
  const machines = number(await group(o).locator('.stat-value').first().textContent());
  assert.match(await group(o).locator('[data-unpriced]').textContent(), new RegExp(`^excludes ${machines} machines? without a tariff`));
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
  assert.equal(demand[2], `${k.kpis.demand_charge.rate_per_kw.toFixed(2)} ${k.kpis.energy_cost.unit}/kW-month × ${share.toFixed(3)}`);

  const series = o.page.locator('[data-chart="series"]');
  const { json: s } = await api('GET', `/api/v1/timeseries/energy?machine_id=${M1}&start_time=${await series.getAttribute('data-start')}`
    + `&end_time=${await series.getAttribute('data-end')}&interval=15min`);
  assert.equal(Number(await series.getAttribute('data-points')), s.data_points.length);
  // the bucket still filling is a marker of its own, apart from the line (it is not a drop)
  const plotted = await o.page.evaluate(() => window.__wattlineChart('series').series.filter(x => !x.name.startsWith('baseline'))
    .reduce((n, x) => n + x.data.filter(([, v]) => v !== null).length, 0));
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
    else if (text.includes('No forecast model for this machine yet')) {
      assert.equal(await p.locator('[data-train]').count(), 1);
      // the test plant's two days are too little for either model: the button tries the decomposable model, then the
      // ARIMA (which needs 5 days, not 15), and says why each refused
      if (panel === 'forecast') {
        await p.locator('[data-train]').click();
        await p.locator('.notice span.muted', { hasText: 'arima:' }).waitFor();
        assert.match(await p.locator('.notice span.muted').textContent(), /prophet: 400: Too little history.*; arima: 400: Too little history/);
        o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 400 .*forecast\/train/.test(e))); // the refusals are the point here
      }
    }
    // no production in the machine's last 28 days (the test plant's two days may be a weekend): hours to run instead
    else if (panel === 'schedule' && text.includes('No production was recorded in the last 28 days')) {
      assert.equal(await p.locator('input[name="operating_hours"]').inputValue(), '8');
    } else assert.equal(await p.locator('[data-rendered="true"]').count(), 1, `${panel} chart drawn: ${text}`);
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

test('sankey: the factory and day are in the URL: reload and back show the same flows', async () => {
  const EU = '22222222-2222-2222-2222-222222222222';
  const [d1, d2] = [2, 1].map(n => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10));
  const asked = [];
  const o = await open('sankey-url', `#/sankey?factory_id=${FACTORY}&date=${d1}`, { setup: page => page.on('request', r => {
    if (r.url().includes('/sankey/data')) { const q = new URL(r.url()).searchParams; asked.push(`${q.get('factory_id')} ${q.get('date')}`); }
  }) });
  const shows = async (factory, day) => {
    // (a page being reloaded has no pickers yet)
    await o.page.waitForFunction(([f, d]) => document.querySelector('select[name="factory"]')?.value === f
      && document.querySelector('input[name="date"]')?.value === d && document.querySelector('[data-table="flows"] tbody tr'), [factory, day]);
    await o.page.waitForSelector('#app[data-state="ready"]');
    assert.equal(asked[asked.length - 1], `${factory} ${day}`, 'the last request is the one shown');
  };
  const query = () => o.page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.split('?')[1])));
  await shows(FACTORY, d1);
  await o.page.fill('input[name="date"]', d2);
  await shows(FACTORY, d2);
  assert.deepEqual(await query(), { factory_id: FACTORY, date: d2 });
  await o.page.selectOption('select[name="factory"]', EU);
  await shows(EU, d2);
  assert.deepEqual(await query(), { factory_id: EU, date: d2 }, 'a picked day stays with another factory');
  await o.page.reload();
  await shows(EU, d2);
  await o.page.goBack();
  await shows(FACTORY, d2);
  await o.page.goBack();
  await shows(FACTORY, d1);
  assert.equal(await o.page.locator('h1').count(), 1, 'one page, not a second one appended');
  await o.done();
});

test('sankey: a factory id the API does not know shows the first factory and says so', async () => {
  const unknown = '99999999-9999-9999-9999-999999999999';
  const asked = [];
  const o = await open('sankey-unknown', `#/sankey?factory_id=${unknown}`, { setup: page => page.on('request', r => {
    if (r.url().includes('/sankey/data')) asked.push(new URL(r.url()).searchParams.get('factory_id'));
  }) });
  await o.page.waitForSelector('[data-table="flows"] tbody tr');
  const { json: factories } = await api('GET', '/api/v1/sankey/factories');
  assert.equal(await o.page.inputValue('select[name="factory"]'), factories[0].id, 'the picker names a factory');
  assert.deepEqual(asked, [factories[0].id], 'every request names the factory shown (none asks for every factory at once)');
  assert.equal(await o.page.textContent('.notice.error'), `No factory ${unknown}: showing ${factories[0].name}.`);
  const { json: machines } = await api('GET', '/api/v1/machines');
  const shown = await o.page.locator('[data-table="flows"] tbody tr td:first-child').allTextContents();
  assert.deepEqual(shown.sort(), machines.filter(m => m.factory_id === factories[0].id).map(m => m.name).sort());
  await o.done();
});

test('sankey and comparison: the default days are the factory\'s, not UTC\'s', async () => {
  const EU_FACTORY = '22222222-2222-2222-2222-222222222222';
  const day = new Date().toISOString().slice(0, 10);
  const minus = n => new Date(Date.parse(day) - n * 86400_000).toISOString().slice(0, 10);
  const at = (hash, iso, name) => open(name, hash, { chart: false, setup: page => page.clock.setFixedTime(new Date(iso)) });
  // 02:00 UTC is the evening before in Los Angeles: its yesterday is two UTC days back, its today one
  let o = await at(`#/sankey?factory_id=${FACTORY}`, `${day}T02:00:00Z`, 'sankey-la-evening');
  assert.equal(await o.page.inputValue('input[name="date"]'), minus(2));
  await o.done();
  o = await at(`#/compare?machine_ids=${M1},c0000000-0000-0000-0000-000000000003`, `${day}T02:00:00Z`, 'compare-la-evening');
  assert.equal(await o.page.inputValue('input[name="end_date"]'), minus(1));
  assert.equal(await o.page.inputValue('input[name="start_date"]'), minus(7)); // 7 days, both ends counted
  await o.done();
  // 23:30 UTC is past midnight in Berlin: its yesterday is the UTC day
  const { json: factories } = await api('GET', '/api/v1/sankey/factories');
  if (factories.some(f => f.id === EU_FACTORY)) {
    o = await at(`#/sankey?factory_id=${EU_FACTORY}`, `${minus(1)}T23:30:00Z`, 'sankey-berlin-night');
    assert.equal(await o.page.inputValue('input[name="date"]'), minus(1));
    await o.done();
  }
});

test('machine page: a period without readings shows – for the demand charge as for the total, not 0.00', async () => {
  // the API's answer then: 200, energy and cost null with their reason
  const o = await open('machine-no-readings', `#/machine/${M1}?range=24h`, { setup: page => page.route('**/api/v1/kpi/all?*', async route => {
    const r = await route.fetch(), k = await r.json();
    k.totals.total_energy_kwh = null; k.totals.total_cost = null;
    Object.assign(k.kpis.energy_cost, { value: null, cost_per_unit: null, breakdown: [], demand_charge: null, total_cost: null,
      reason: 'No energy readings in this period' });
    Object.assign(k.kpis.demand_charge, { value: null, peak_demand_kw: null, months: [], reason: 'No energy readings in this period' });
    return route.fulfill({ response: r, json: k });
  }) });
  await o.page.locator('[data-table="cost-breakdown"]').waitFor();
  const demand = await o.page.locator('[data-table="cost-breakdown"] tr[data-band="demand"] td').allTextContents();
  assert.equal(demand[3], '–', 'no demand charge, as no total');
  assert.equal(await o.page.locator('[data-table="cost-breakdown"] tr:last-child th').last().textContent(), '–');
  assert.equal(await o.page.textContent('[data-kpi="total-cost"]'), '–');
  await o.done();
});

test('machine page: the pickers are in the URL: a reload keeps them, the back button steps back through them', async () => {
  const o = await open('machine-url', `#/machine/${M1}?range=7d&interval=1hour&metric=power`);
  const picked = () => o.page.evaluate(() => ['range', 'interval', 'metric'].map(n => document.querySelector(`select[name="${n}"]`).value));
  const drawn = async (range, interval) => {
    await o.page.waitForFunction(([r, i]) => {
      const s = document.querySelector('[data-chart="series"]'), k = document.querySelector('[data-panel="kpis"] h2');
      return s?.dataset.rendered === 'true' && k?.textContent === `KPIs, last ${r}`
        && window.__wattlineChart('series')?.series[0].name.startsWith(i === 'power' ? 'actual (kW)' : 'actual (kWh)');
    }, [range, interval]);
  };
  const query = () => o.page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.split('?')[1])));
  assert.deepEqual(await picked(), ['7d', '1hour', 'power'], 'a shared link\'s pickers');
  await drawn('7d', 'power');
  await o.page.selectOption('select[name="range"]', '30d');
  assert.deepEqual(await query(), { range: '30d', interval: '1day', metric: 'power' });
  await drawn('30d', 'power');
  await o.page.selectOption('select[name="metric"]', 'energy');
  assert.deepEqual(await query(), { range: '30d', interval: '1day', metric: 'energy' });
  await drawn('30d', 'energy');
  await o.page.reload();
  await o.page.waitForSelector('#app[data-state="ready"]');
  assert.deepEqual(await picked(), ['30d', '1day', 'energy'], 'a reload keeps the choice');
  await drawn('30d', 'energy');
  await o.page.goBack();
  assert.deepEqual(await picked(), ['30d', '1day', 'power'], 'back: the metric before');
  await drawn('30d', 'power');
  await o.page.goBack();
  assert.deepEqual(await picked(), ['7d', '1hour', 'power'], 'back: the range before');
  await drawn('7d', 'power');
  assert.equal(await o.page.locator('h1').count(), 1, 'one page, not a second one appended');
  await o.done();
});

test('machine page: a machine without readings in the period says so in the chart\'s and the KPIs\' place', async () => {
  const o = await open('machine-silent', `#/machine/${M1}?range=24h`, { chart: false, setup: async page => {
    await page.route('**/api/v1/kpi/all?*', route => route.fulfill({ status: 404, json: { detail: 'No data available for this period' } }));
    // the API's answer for a silent period: no data points, and its note
    await page.route('**/api/v1/timeseries/*?*', async route => {
      if (new URL(route.request().url()).searchParams.get('interval') === '1day') return route.continue(); // the schedule's target
      const r = await route.fetch(), k = await r.json();
      Object.assign(k, { data_points: [], total_points: 0, note: 'No readings in this period: the machine\'s meter sent none (no data, not zero)' });
      return route.fulfill({ response: r, json: k });
    });
  } });
  const kpis = o.page.locator('[data-panel="kpis"]');
  await kpis.locator('.notice').waitFor();
  const said = /^No readings for Compressor-1 between [A-Z][a-z]{2} \d+, \d+:\d\d [AP]M \S+ and [A-Z][a-z]{2} \d+, \d+:\d\d [AP]M \S+\.$/;
  assert.match(await kpis.locator('.notice').textContent(), said);
  assert.equal(await kpis.locator('h2').textContent(), 'KPIs, last 24h');
  const series = o.page.locator('[data-panel="series"]');
  await series.locator('.notice').waitFor();
  assert.equal(await series.locator('.notice').textContent(), await kpis.locator('.notice').textContent(), 'one statement in both');
  assert.equal(await o.page.evaluate(() => window.__wattlineChart('series')), null, 'no empty chart');
  assert.doesNotMatch(await o.page.textContent('#app'), /404|No data available/);
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 404/.test(e))); // the 404 is the point here
  await o.done();
});

test('machine page: buckets the API leaves out (no readings) break the line, hourly and daily, not bridged', async () => {
  // the API's answer for a meter silent three hours (or a day): those buckets are absent
  const cut = {};
  const o = await open('machine-gap', `#/machine/${M1}?range=24h&interval=1hour`, { setup: page => page.route('**/api/v1/timeseries/energy?*', async route => {
    const interval = new URL(route.request().url()).searchParams.get('interval');
    const r = await route.fetch(), k = await r.json();
    if (interval === '1hour') {
      const i = Math.floor(k.data_points.length / 2);
      cut[interval] = { before: k.data_points[i - 1].timestamp, gone: k.data_points.slice(i, i + 3).map(p => p.timestamp) };
      k.data_points.splice(i, 3);
    } else if (interval === '1day' && Date.parse(new URL(route.request().url()).searchParams.get('end_time')) > Date.now() - 10 * 60_000) {
      // the 30 days' series (not the schedule's 28 whole days): six of the factory's days, the third before today silent
      const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
      k.data_points = [-6, -5, -4, -2, -1, 0].map(n => ({ timestamp: startOfLocalDay(addDays(today, n), 'America/Los_Angeles').toISOString(), value: 100, unit: 'kWh' }));
    }
    k.total_points = k.data_points.length;
    return route.fulfill({ response: r, json: k });
  }) });
  const actual = () => o.page.evaluate(() => window.__wattlineChart('series').series.find(x => x.name.startsWith('actual')).data);
  let data = await actual();
  const at = data.findIndex(([t]) => Date.parse(t) === Date.parse(cut['1hour'].before));
  assert.deepEqual(data[at + 1], [new Date(Date.parse(cut['1hour'].gone[0])).toISOString(), null], 'a break where the first missing hour begins');
  assert.equal(Date.parse(data[at + 2][0]), Date.parse(cut['1hour'].gone[2]) + 3600_000, 'then the hour after the gap');
  assert.equal(data.filter(([, v]) => v === null).length, 1, 'one break, nowhere else');

  await o.page.selectOption('select[name="range"]', '30d');
  await o.page.waitForFunction(() => window.__wattlineChart('series')?.xAxis[0].type === 'category');
  await o.page.waitForFunction(() => window.__wattlineChart('series').series.find(x => x.name.startsWith('actual')).data.some(([, v]) => v === null));
  const option = await o.page.evaluate(() => window.__wattlineChart('series'));
  data = option.series.find(x => x.name.startsWith('actual')).data;
  const days = option.xAxis[0].data;
  for (let i = 1; i < days.length; i++) assert.equal(days[i], addDays(days[i - 1], 1), `every day on the axis: ${days.join(' ')}`);
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
  assert.deepEqual(days, [-6, -5, -4, -3, -2, -1, 0].map(n => addDays(today, n)), 'the silent day keeps its place on the axis');
  assert.deepEqual(data.filter(([, v]) => v === null).map(([d]) => d), [addDays(today, -3)], 'and breaks the line');
  await o.done();
});

test('machine page: no anomalies in the range are said in the picker\'s words', async () => {
  const o = await open('machine-no-anomalies', `#/machine/${M1}?range=24h`, { chart: false, setup: page => page.route('**/api/v1/anomaly/recent?*',
    route => route.fulfill({ status: 200, json: { anomalies: [], total_count: 0 } })) });
  const panel = o.page.locator('[data-panel="anomalies"] .notice');
  await panel.waitFor();
  assert.equal(await panel.textContent(), 'No anomalies in the last 24 hours (open ones from before are on the overview).');
  await o.page.selectOption('select[name="range"]', '7d');
  await o.page.locator('[data-panel="anomalies"] .notice', { hasText: '7 days' }).waitFor();
  assert.equal(await panel.textContent(), 'No anomalies in the last 7 days (open ones from before are on the overview).');
  await o.done();
});

test('machine page: a stuck meter\'s hours are said in the API\'s words when it gives them', async () => {
  const start = new Date(Date.now() - 5 * 3600_000), end = new Date(Date.now() - 4 * 3600_000);
  const message = 'The meter repeated one reading from … local time: the energy, power, cost, carbon and SEC of those hours are that repeated reading, not measured values';
  const o = await open('machine-stuck-message', `#/machine/${M1}?range=24h`, { setup: page => page.route('**/api/v1/kpi/all?*', async route => {
    const r = await route.fetch(), k = await r.json();
    k.data_quality = [{ type: 'stuck_meter', start: start.toISOString(), end: end.toISOString(), hours: 1, message },
      { type: 'stuck_meter', start: start.toISOString(), end: end.toISOString(), hours: 1 }]; // an API before the message
    return route.fulfill({ response: r, json: k });
  }) });
  await o.page.locator('[data-panel="kpis"] [data-quality="stuck_meter"]').first().waitFor();
  const said = await o.page.locator('[data-panel="kpis"] [data-quality="stuck_meter"]').allTextContents();
  assert.equal(said[0], message, 'one definition: the API\'s');
  assert.match(said[1], /^Not measured: the meter repeated one reading for 1\.0 h from /);
  await o.done();
});

test('comparison: a machine without a cost shows –, not "– USD"', async () => {
  const o = await open('compare-no-cost', '#/compare', { setup: page => page.route('**/api/v1/comparison/machines?*', async route => {
    const r = await route.fetch(), j = await r.json();
    j.machines[0].metrics.total_cost = null;
    return route.fulfill({ response: r, json: j });
  }) });
  await o.page.waitForSelector('[data-table="comparison"] tbody tr');
  assert.equal(await o.page.locator('[data-table="comparison"] tbody tr').first().locator('td').nth(4).textContent(), '–');
  assert.match(await o.page.locator('[data-table="comparison"] tbody tr').nth(1).locator('td').nth(4).textContent(), /^[\d,]+\.\d\d [A-Z]{3}$/);
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

test('comparison: the choice is in the URL: a shared link compares the same, reload and back keep it', async () => {
  const [b, c, eu] = ['c0000000-0000-0000-0000-000000000008', M1, 'c0000000-0000-0000-0000-000000000006'];
  const day = addDays(new Date().toISOString().slice(0, 10), -1);
  const o = await open('compare-url', `#/compare?machine_ids=${b},${c}&start_date=${addDays(day, -1)}&end_date=${day}`);
  const shown = () => o.page.evaluate(() => ({
    rows: [...document.querySelectorAll('[data-table="comparison"] tbody tr')].map(r => r.dataset.machine).sort(),
    checked: [...document.querySelectorAll('input[type="checkbox"]:checked')].map(i => i.value).sort(),
    dates: [document.querySelector('input[name="start_date"]').value, document.querySelector('input[name="end_date"]').value],
  }));
  const table = async ids => o.page.waitForFunction(want => JSON.stringify([...document.querySelectorAll('[data-table="comparison"] tbody tr')]
    .map(r => r.dataset.machine).sort()) === want, JSON.stringify(ids.slice().sort()));
  await table([b, c]);
  assert.deepEqual(await shown(), { rows: [b, c].sort(), checked: [b, c].sort(), dates: [addDays(day, -1), day] }, 'the link\'s machines and days');
  const { json: r } = await api('GET', `/api/v1/comparison/machines?machine_ids=${b},${c}&start_date=${addDays(day, -1)}&end_date=${day}&metrics=energy`);
  for (const m of r.machines) {
    assert.equal((await o.page.textContent(`[data-energy="${m.machine_id}"]`)).replace(/,/g, ''), m.metrics.total_energy?.toFixed(1) ?? '–');
  }
  await o.page.check(`input[value="${eu}"]`);
  await o.page.fill('input[name="start_date"]', addDays(day, -2));
  await o.page.getByRole('button', { name: 'Compare' }).click();
  await table([b, c, eu]);
  const query = Object.fromEntries(new URLSearchParams(await o.page.evaluate(() => location.hash.split('?')[1])));
  assert.deepEqual({ ...query, machine_ids: query.machine_ids.split(',').sort() },
    { machine_ids: [b, c, eu].sort(), start_date: addDays(day, -2), end_date: day });
  await o.page.reload();
  await table([b, c, eu]);
  assert.deepEqual((await shown()).dates, [addDays(day, -2), day], 'a reload keeps the days');
  await o.page.goBack();
  await table([b, c]);
  assert.deepEqual(await shown(), { rows: [b, c].sort(), checked: [b, c].sort(), dates: [addDays(day, -1), day] }, 'back: the choice before');
  assert.equal(await o.page.locator('h1').count(), 1, 'one page, not a second one appended');
  await o.done();
});

test('comparison: machines of factories in different zones say their periods so far are unequal', async () => {
  const EU = 'c0000000-0000-0000-0000-000000000006';
  const o = await open('compare-zones', `#/compare?machine_ids=${M1},${EU}`);
  await o.page.waitForSelector('[data-table="comparison"] tbody tr');
  const startDate = await o.page.inputValue('input[name="start_date"]');
  const endDate = await o.page.inputValue('input[name="end_date"]');
  const { json: r } = await api('GET', `/api/v1/comparison/machines?machine_ids=${M1},${EU}&start_date=${startDate}&end_date=${endDate}&metrics=energy,power,cost,sec`);
  // the period runs to today: Berlin's day has run 8 or 9 hours longer than Los Angeles'
  assert.match(r.note || '', /Totals compare unequal spans/, JSON.stringify(r));
  assert.equal(await o.page.textContent('[data-note="comparison"]'), `${r.note.replace(/\.$/, '')}.`);
  await o.done();
});

test('twin: calibrate with progress, inject a fault, watch the score cross the cut-off', async () => {
  const asset = `UI-Test-${Date.now()}`;
  const o = await open('twin', `#/twin?asset_id=${asset}`, { chart: false }); // no score chart before a calibration
  try {
    await o.page.waitForSelector('[data-twin="state"]:text("IDLE")');
    // not calibrated: said so, and none of the figures the API fills in without a model (health 100, stability 100 %)
    await o.page.getByText('Not calibrated yet — calibrate to start monitoring').first().waitFor();
    assert.equal(await o.page.locator('[data-kpi="health"], [data-kpi="stability"], [data-kpi="capture"]').count(), 0);
    assert.equal(await o.page.evaluate(() => window.__wattlineChart('score')), null, 'no empty score chart');
    await o.page.click('[data-action="calibrate"]');
    await o.page.getByText('calibrate: Calibration started').waitFor();
    // the progress bar follows the calibration's phases (seed 000's messages) until monitoring starts
    await o.page.waitForSelector('[data-twin="progress"]:not([hidden])', { timeout: 5_000 });
    assert.ok(Number(await o.page.getAttribute('[data-twin="progress"]', 'data-percent')) < 100);
    // and to a screen reader: a progressbar named for the calibration, with its value
    const bar = o.page.getByRole('progressbar', { name: 'Calibration progress' });
    assert.ok(Number(await bar.getAttribute('aria-valuenow')) < 100);
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
    // under a fault the score is judged against 0.5: the chart's line and heading say the cut-off in force
    assert.equal(state.last_batch_cutoff, 0.5);
    await o.page.getByText('Batch anomaly score (cut-off 0.5)').waitFor();
    // the chart gains a point per scored second it polls (none before the first: no score of 0 at calibration)
    await o.page.waitForFunction(() => window.__wattlineChart('score').series[0].data.length >= 2, null, { timeout: 20_000 });
    const points = await o.page.evaluate(() => window.__wattlineChart('score').series[0].data);
    assert.ok(points.every(([, score]) => score > 0), `no score of 0 plotted: ${JSON.stringify(points)}`);
    // the cut-off line holds, second by second, the cut-off each score was judged against (0.65 healthy, 0.5 in a fault)
    const cutOffs = await o.page.evaluate(() => window.__wattlineChart('score').series[1].data);
    assert.equal(cutOffs.length, points.length);
    assert.ok(cutOffs.every(([, c]) => c === 0.5 || c === 0.65), JSON.stringify(cutOffs));
    assert.equal(cutOffs[cutOffs.length - 1][1], 0.5);
    await o.done(); // the screenshot shows the fault being scored
  } finally {
    await api('POST', `/system/purge?asset_id=${asset}`);
  }
});

test('twin: an empty or invalid asset id is not requested, and a refused one stops the polling and its figures', async () => {
  const asked = [];
  const o = await open('twin-asset', '#/twin?asset_id=Motor-01', { chart: false, setup: async page => {
    page.on('request', r => { if (r.url().includes('/system/state')) asked.push(new URL(r.url()).searchParams.get('asset_id')); });
    // an id the page takes but the API refuses (the two patterns are the same today)
    await page.route('**/system/state?*', route => (new URL(route.request().url()).searchParams.get('asset_id') === 'Refused-1'
      ? route.fulfill({ status: 422, json: { detail: [{ loc: ['query', 'asset_id'], msg: "String should match pattern '...'" }] } }) : route.continue()));
  } });
  const field = o.page.locator('input[name="asset_id"]');
  await o.page.waitForSelector('[data-twin="state"]:not(:text("…"))');
  for (const [value, said] of [['', /^Enter an asset id\. An asset id is 1 to 64 letters/], ['bad id', /^An asset id is 1 to 64 letters/]]) {
    await field.fill(value);
    await field.blur();
    const before = asked.length;
    await sleep(2500);
    assert.deepEqual(asked.slice(before), [], `no request for "${value}"`);
    assert.match(await o.page.textContent('.notice.error'), said);
  }
  await field.fill('Refused-1');
  await field.blur();
  await o.page.getByText('The API refused the asset id "Refused-1".').waitFor();
  const before = asked.length;
  await sleep(2500);
  assert.deepEqual(asked.slice(before), [], 'no polling after a 422');
  assert.equal(await o.page.locator('[data-kpi]').count(), 0, 'no figures of the previous asset');
  assert.ok(asked.every(Boolean), 'every request names its asset');
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 422/.test(e))); // the 422 is the point here
  await o.done();
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
  const count = await o.page.locator('[data-table="anomalies"]').locator('xpath=../..').locator('.muted').first().textContent();
  assert.match(count, new RegExp(`^${indexes.length} ${indexes.length === 1 ? 'anomaly' : 'anomalies'} in 336 points`));
  // a failed run (the API refuses a sensitivity over 100; a line that is no point) leaves no chart or table of the last one
  for (const [series, sensitivity, error] of [[null, '150', /^400: /], ['2026-01-01T00:00:00Z,1\nnot a time,2', '95', /^Line 2 is not/]]) {
    await o.page.getByText('Example with a spike').click();
    await o.page.click('[data-action="detect"]');
    await o.page.waitForSelector('[data-action="detect"]:not([disabled])');
    await o.page.waitForSelector('[data-chart="detection"][data-rendered="true"]');
    if (series) await o.page.fill('textarea[name="series"]', series);
    await o.page.fill('input[name="sensitivity"]', sensitivity);
    await o.page.click('[data-action="detect"]');
    await o.page.waitForSelector('.notice.error');
    assert.match(await o.page.textContent('.notice.error'), error);
    assert.equal(await o.page.evaluate(() => window.__wattlineChart('detection')), null, 'no chart of the previous run');
    assert.equal(await o.page.locator('[data-table="anomalies"]').count(), 0, 'no table of the previous run');
    await o.page.fill('input[name="sensitivity"]', '95');
  }
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 400/.test(e))); // the 400 is the point here
  await o.done();
});

test('detection playground: the chart\'s time axis is UTC, as its table, in a browser of another zone', async () => {
  const o = await open('detect-utc', '#/detect', { chart: false, timezoneId: 'America/Los_Angeles' });
  await o.page.getByText('Example with a spike').click();
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('[data-chart="detection"][data-rendered="true"]');
  const labels = await o.page.evaluate(() => window.__wattlineAxisLabels('detection'));
  const utc = v => new Date(v).toISOString();
  const days = labels.filter(l => /^[A-Z][a-z]{2} \d+$/.test(l.label));
  assert.ok(days.length >= 3, `the two weeks have dated ticks: ${JSON.stringify(labels)}`);
  for (const l of labels) {
    // a date is written at UTC midnight and names the UTC day; a time is the UTC time (in Los Angeles' zone a
    // "Jan 2" sat at 08:00Z, 16:00 of the table's Jan 1)
    if (days.includes(l)) {
      assert.equal(utc(l.value).slice(11, 19), '00:00:00', `${l.label} at ${utc(l.value)}`);
      assert.equal(new Date(l.value).toLocaleString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }), l.label);
    } else assert.equal(l.label, utc(l.value).slice(11, 16), `tick at ${utc(l.value)}`);
  }
  assert.equal(await o.page.locator('[data-zone-note]').textContent(), 'Times in UTC, as in the table.');
  const first = await o.page.locator('[data-table="anomalies"] tbody tr td').nth(1).textContent();
  assert.match(first, /Z$/, 'the table is UTC');
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
  // the most recent 20 (the API lists them newest first), with a count and "show more" when there are more
  const rows = o.page.locator('tbody tr[data-anomaly]');
  assert.equal(await rows.count(), Math.min(20, list.length));
  if (list.length > 20) {
    assert.equal(await o.page.textContent('[data-anomaly-shown] span'), `The 20 most recent of ${list.length}.`);
    await o.page.click('[data-action="more-anomalies"]');
    assert.equal(await rows.count(), Math.min(40, list.length));
  }
  // actual and expected carry their unit: a stuck meter's power, the energy of the other rules
  for (const x of list.slice(0, Math.min(40, list.length))) {
    const cells = await o.page.locator(`tr[data-anomaly="${x.id}"] td.n`).allTextContents();
    const unit = x.anomaly_type === 'stuck_meter' ? 'kW' : 'kWh';
    if (x.actual_value !== null) assert.match(cells[0], new RegExp(` ${unit}$`), `${x.anomaly_type}'s actual: ${cells[0]}`);
  }
  // each Resolve button says which anomaly it resolves, and the keyboard focus stays on the row afterwards
  assert.match(await o.page.getAttribute(`[data-resolve="${a.id}"]`, 'aria-label'), /^Resolve .+ on .+ at .+/);
  await o.page.click(`[data-resolve="${a.id}"]`);
  await o.page.waitForSelector(`[data-status="${a.id}"]:text-is("resolved")`);
  assert.equal(await o.page.evaluate(() => document.activeElement?.dataset.status), a.id, 'focus on the resolved row');
  const after = await api('GET', '/api/v1/anomaly/active');
  assert.ok(!after.json.anomalies.some(x => x.id === a.id), 'resolved anomaly is no longer active');
  // the page resolves the whole incident: its other hours are no longer active either
  for (const id of a.incident ? a.incident.anomaly_ids : []) {
    assert.ok(!after.json.anomalies.some(x => x.id === id), `the incident's ${id} is no longer active`);
  }
  // an anomaly that is part of a longer incident says how long it ran (where its row is on the page)
  const inIncident = after.json.anomalies.find(x => x.incident && x.incident.anomalies > 1);
  if (inIncident) {
    const again = await open('anomalies-incident', '', { chart: false });
    const note = again.page.locator(`tr[data-anomaly="${inIncident.id}"] [data-incident]`);
    if (await note.count()) assert.match(await note.textContent(), /^Part of an incident of [\d.]+ h from /);
    await again.done();
  }
  await o.done();
});

test('machine page: the baseline\'s expected line is on the scale of the chosen interval', async () => {
  // the model's answer, kWh per row of the model's granularity (hourly, then 15 minutes), made up for the period
  // asked (a test cloud's two days are too few to train one); the API does not say the granularity: the page
  // reads it off the rows' spacing
  let rowMs = 3600_000;
  let rows = new Map();
  const o = await open('machine-baseline', `#/machine/${M1}?range=24h`, { setup: page => page.route('**/api/v1/baseline/deviation?*', route => {
    const url = new URL(route.request().url());
    const end = Date.parse(url.searchParams.get('end_time'));
    rows = new Map();
    for (let t = Math.ceil(Date.parse(url.searchParams.get('start_time')) / rowMs) * rowMs; t + rowMs <= end; t += rowMs) {
      rows.set(t, (rowMs === 3600_000 ? 40 : 10) + (t / rowMs) % 7);
    }
    const deviations = [...rows].map(([t, predicted]) => ({ timestamp: new Date(t).toISOString(), actual: predicted, predicted,
      deviation: 0, deviation_percent: 0, is_anomaly: false }));
    return route.fulfill({ json: { machine_id: M1, model_version: 1, deviations } });
  }) });
  const expected = async () => {
    await o.page.waitForFunction(() => window.__wattlineChart('series')?.series.some(x => x.name === 'baseline expected'));
    const line = await o.page.evaluate(() => window.__wattlineChart('series').series.find(x => x.name === 'baseline expected').data);
    return line.filter(([, v]) => v !== null);
  };
  /** The sum of the rows in [t, t + ms), or undefined when one is missing. */
  const sum = (t, ms) => {
    let total = 0;
    for (let r = t; r < t + ms; r += rowMs) { if (!rows.has(r)) return undefined; total += rows.get(r); }
    return total;
  };
  // hourly rows, 15-minute buckets: a quarter of the hour's kWh
  let line = await expected();
  assert.ok(line.length >= 80, `expected values drawn: ${line.length}`);
  for (const [ts, v] of line) close(v, rows.get(Math.floor(Date.parse(ts) / 3600_000) * 3600_000) / 4, `expected at ${ts}`);
  // daily buckets, the factory's days (drawn by their dates): the sum of the day's hours, and only for days the
  // model has every hour of
  const { json: machine } = await api('GET', `/api/v1/machines/${M1}`);
  await o.page.selectOption('select[name="range"]', '7d');
  await o.page.selectOption('select[name="interval"]', '1day');
  await o.page.waitForFunction(() => window.__wattlineChart('series')?.series[0].data.length <= 8);
  line = await expected();
  assert.ok(line.length >= 1, 'a whole day has an expected value');
  for (const [date, v] of line) {
    const t0 = startOfLocalDay(date, machine.factory_timezone).getTime();
    const day = sum(t0, startOfLocalDay(addDays(date, 1), machine.factory_timezone).getTime() - t0);
    assert.ok(day !== undefined, `${date} has all its hours`);
    close(v, day, `expected on ${date}`);
  }
  // 15-minute rows (a model of that granularity): each 15-minute bucket is its row, an hour the sum of its four
  rowMs = 15 * 60_000;
  await o.page.selectOption('select[name="range"]', '24h'); // back to 15-minute buckets
  await o.page.waitForFunction(() => window.__wattlineChart('series')?.series[0].data.length > 80);
  line = await expected();
  assert.ok(line.length >= 80, `expected values drawn: ${line.length}`);
  for (const [ts, v] of line) close(v, rows.get(Date.parse(ts)), `expected at ${ts} (15-minute rows)`);
  await o.page.selectOption('select[name="interval"]', '1hour');
  await o.page.waitForFunction(() => window.__wattlineChart('series')?.series[0].data.length <= 25);
  line = await expected();
  assert.ok(line.length >= 20, `expected values drawn: ${line.length}`);
  for (const [ts, v] of line) {
    const hour = sum(Date.parse(ts), 3600_000);
    assert.ok(hour !== undefined, `${ts} has all four quarters`);
    close(v, hour, `expected at ${ts} (four 15-minute rows)`);
  }
  await o.done();
});

test('machine page: an answer overtaken by a newer request is not shown (30d then 7d)', async () => {
  // the 30-day answer comes late, and with a figure no 7-day answer has
  const o = await open('machine-race', `#/machine/${M1}?range=24h`, { setup: page => page.route('**/api/v1/kpi/all?*', async route => {
    const url = new URL(route.request().url());
    if (Date.parse(url.searchParams.get('end')) - Date.parse(url.searchParams.get('start')) < 20 * 86400_000) return route.continue();
    const res = await route.fetch();
    const body = await res.json();
    body.totals.total_energy_kwh = 999999;
    await sleep(2500);
    await route.fulfill({ response: res, json: body }).catch(() => {});
  }) });
  await o.page.selectOption('select[name="range"]', '30d');
  await o.page.selectOption('select[name="range"]', '7d');
  await sleep(4000); // the 30-day answer has come, after the 7-day one
  const card = o.page.locator('[data-panel="kpis"]');
  assert.equal(await card.locator('h2').textContent(), 'KPIs, last 7d');
  const start = await card.getAttribute('data-start'), end = await card.getAttribute('data-end');
  close(Date.parse(end) - Date.parse(start), 7 * 86400_000, 'the KPIs shown are of 7 days');
  const { json: k } = await api('GET', `/api/v1/kpi/all?machine_id=${M1}&start=${start}&end=${end}`);
  assert.equal(number(await card.locator('[data-kpi="energy"]').textContent()), Number(k.totals.total_energy_kwh.toFixed(1)));
  await o.done();
});

test('machine page: each forecast hour is drawn at its start, as the readings\' hours', async () => {
  // the API stamps an hour's prediction at its end: 2026-01-01T10:00Z is 09:00-10:00 UTC
  const predictions = Array.from({ length: 24 }, (_, i) => ({ timestamp: new Date(Date.UTC(2026, 0, 1, i + 1)).toISOString(),
    predicted_energy: i < 6 ? 2 : 10, lower_bound: 1, upper_bound: 12 }));
  const o = await open('forecast-hours', `#/machine/${M1}?range=24h`, { chart: false, setup: page => page.route('**/api/v1/forecast/predict', route =>
    route.fulfill({ json: { machine_id: M1, model_type: 'arima', forecast_start: '2026-01-01T00:00:00+00:00',
      forecast_end: '2026-01-02T00:00:00+00:00', total_predicted_energy: 192, accuracy: {}, predictions } })) });
  await o.page.waitForSelector('[data-panel="forecast"] [data-chart="forecast"][data-rendered="true"]');
  const drawn = (await o.page.evaluate(() => window.__wattlineChart('forecast').series.find(x => x.name === 'forecast').data))
    .map(([t]) => new Date(t).toISOString());
  // the first hour is forecast_start's, 00:00-01:00: the rise from 2 to 10 kWh is the 06:00 hour's, drawn at 06:00
  assert.deepEqual(drawn, predictions.map((_, i) => new Date(Date.UTC(2026, 0, 1, i)).toISOString()));
  await o.done();
});

test('machine page: the schedule plans the factory\'s tomorrow for the target read first', async () => {
  const { json: m } = await api('GET', `/api/v1/machines/${M1}`);
  let posted = null;
  const o = await open('machine-schedule', `#/machine/${M1}?range=7d`, { chart: false, setup: async page => {
    // the days' output (energy over SEC), answered late: the plan must wait for it, and takes the median day's
    const days = ['2026-11-02T08:00:00Z', '2026-11-03T08:00:00Z', '2026-11-04T08:00:00Z'];
    const answer = (values, unit) => ({ data_points: days.map((t, i) => ({ timestamp: t, value: values[i], unit })) });
    for (const [metric, json] of [['energy', answer([300, 1000, 600], 'kWh')], ['sec', answer([0.1, 0.2, 0.15], 'kWh/unit')]]) {
      await page.route(`**/api/v1/timeseries/${metric}?*`, async route => {
        if (new URL(route.request().url()).searchParams.get('timezone') !== 'factory') return route.continue();
        await sleep(1500);
        await route.fulfill({ json }).catch(() => {});
      });
    }
    await page.route('**/api/v1/forecast/optimal-schedule', route => { posted = route.request().postDataJSON(); return route.continue(); });
  } });
  await o.page.waitForFunction(() => document.querySelector('[data-panel="schedule"] .notice, [data-chart="schedule"]'));
  assert.equal(posted.constraints.production_target, 4000, 'the median of days of 3000, 5000 and 4000 units');
  const tomorrow = new Date(localMidnight(m.factory_timezone).getTime() + 36 * 3600_000)
    .toLocaleDateString('en-CA', { timeZone: m.factory_timezone });
  assert.equal(posted.date, tomorrow, 'the factory\'s tomorrow');
  assert.match(await o.page.textContent('[data-panel="schedule"] h2'), new RegExp(tomorrow));
  // what was posted is the point here: the test plant's days may hold too little production for the API to plan 4,000
  // units (a 400 the page shows in words)
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 400 .*optimal-schedule/.test(e)));
  await o.done();
});

test('machine page: the schedule\'s savings say against what: the usual hours, and their cost', async () => {
  const plan = { machine_id: M1, date: '2026-12-08', estimated_cost: 78.88, estimated_energy: 606.77, cost_savings: 54.61, currency: 'USD',
    timezone: 'America/Los_Angeles', model_type: 'arima', production_per_hour: 263.81, hours_needed: 15, hours_scheduled: 15, demand_charge: 0,
    month_peak_kw: 63.1, usual_hours: [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 23], usual_cost: 133.49,
    schedule: Array.from({ length: 24 }, (_, h) => ({ hour: h, local_time: `${String(h).padStart(2, '0')}:00`, utc_offset: '-08:00',
      operate: h < 12 || h > 20, expected_power: 40, reason: 'cheapest hours' })) };
  const o = await open('machine-savings', `#/machine/${M1}?range=24h`, { chart: false, setup: page => page.route('**/api/v1/forecast/optimal-schedule',
    route => route.fulfill({ status: 200, json: plan })) });
  const card = o.page.locator('[data-panel="schedule"]');
  await card.locator('[data-kpi="schedule-savings"]').waitFor();
  assert.equal(await card.locator('[data-kpi="schedule-savings"]').textContent(), '54.61');
  assert.equal(await card.locator('.stat-label').nth(2).textContent(), 'savings vs its usual hours');
  assert.equal(await card.locator('[data-usual]').textContent(),
    'At its usual hours (06:00–21:00, 23:00–00:00, as on most of the last 28 days) the same would cost 133.49 USD.');
  await o.done();
});

test('machine page: a machine without production is planned for hours to run', async () => {
  let posted = null;
  const o = await open('machine-schedule-hours', `#/machine/${M1}?range=24h`, { chart: false, setup: async page => {
    // 28 days without production: SEC has no day to give
    await page.route('**/api/v1/timeseries/sec?*', route => route.fulfill({ json: { data_points: [] } }));
    await page.route('**/api/v1/forecast/optimal-schedule', route => { posted = route.request().postDataJSON(); return route.continue(); });
  } });
  await o.page.waitForFunction(() => document.querySelector('[data-panel="schedule"] .notice, [data-chart="schedule"]'));
  assert.deepEqual(posted.constraints, { operating_hours: 8, max_runtime_hours: 20 });
  const card = o.page.locator('[data-panel="schedule"]');
  assert.match(await card.textContent(), /hours to run/);
  // said beside the plan, and beside a refusal (the test plant may have no forecast model or tariff)
  assert.match(await card.textContent(), /the plan is for the cheapest hours to run/);
  // the API may refuse (no forecast model, no tariff in the test plant): said in words, not as a console error
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of (400|404) .*optimal-schedule/.test(e)));
  await o.done();
});

test('machine page: the schedule checks its inputs, and says the API\'s refusal in words', async () => {
  let posted = 0;
  const o = await open('machine-schedule-inputs', `#/machine/${M1}?range=24h`, { chart: false, setup: async page => {
    // days with production, whatever day the test plant was seeded on (a weekend's hold none: then the page plans hours)
    const days = ['2026-11-02T08:00:00Z', '2026-11-03T08:00:00Z'];
    const answer = (values, unit) => ({ data_points: days.map((t, i) => ({ timestamp: t, value: values[i], unit })) });
    for (const [metric, json] of [['energy', answer([300, 1000], 'kWh')], ['sec', answer([0.1, 0.2], 'kWh/unit')]]) {
      await page.route(`**/api/v1/timeseries/${metric}?*`, route =>
        new URL(route.request().url()).searchParams.get('timezone') === 'factory' ? route.fulfill({ json }) : route.continue());
    }
    await page.route('**/api/v1/forecast/optimal-schedule', route => {
      posted += 1;
      return route.fulfill({ status: 422, json: { detail: [{ loc: ['body', 'constraints', 'production_target'], msg: 'Input should be greater than 0' }] } });
    });
  } });
  const card = o.page.locator('[data-panel="schedule"]');
  await o.page.waitForFunction(() => document.querySelector('[data-panel="schedule"] .notice, [data-chart="schedule"]'));
  if (await card.locator('input[name="production_target"]').count() === 0) { await o.done(); return; } // the route is not deployed
  const before = posted;
  await o.page.fill('input[name="production_target"]', '');
  await card.getByRole('button', { name: 'Plan', exact: true }).click();
  await card.getByText('Enter a production target above 0').waitFor();
  assert.equal(posted, before, 'an empty target is not sent (as 0)');
  await o.page.fill('input[name="production_target"]', '10');
  await card.getByRole('button', { name: 'Plan', exact: true }).click();
  await card.getByText('Schedule: Input should be greater than 0').waitFor();
  assert.doesNotMatch(await card.textContent(), /body\.constraints/, 'no field paths');
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 422/.test(e)));
  await o.done();
});

test('machine page: the heatmap draws again after a failed load', async () => {
  let fail = false;
  const o = await open('machine-heatmap', `#/machine/${M1}?range=24h`, { setup: page => page.route('**/api/v1/heatmap/hourly?*', route =>
    (fail ? route.fulfill({ status: 503, json: { detail: 'Service Unavailable' } }) : route.continue())) });
  await o.page.waitForSelector('[data-chart="heatmap"][data-rendered="true"]');
  fail = true; // drawn, then one load fails, then the next one succeeds
  await o.page.selectOption('select[name="range"]', '7d');
  await o.page.locator('[data-panel="heatmap"]').getByText('503: Service Unavailable').waitFor();
  fail = false;
  await o.page.selectOption('select[name="range"]', '30d');
  await o.page.waitForSelector('[data-panel="heatmap"] [data-chart="heatmap"][data-rendered="true"] canvas');
  assert.equal(await o.page.locator('[data-panel="heatmap"] .notice').count(), 0);
  const rows = await o.page.evaluate(() => window.__wattlineChart('heatmap').yAxis[0].data.length);
  assert.ok(rows >= 2, `days drawn: ${rows}`);
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 503/.test(e))); // the 503 is the point here
  await o.done();
});

test('machine page: a failed series load leaves no chart of the range before', async () => {
  let fail = false;
  const o = await open('machine-series-fail', `#/machine/${M1}?range=24h`, { setup: page => page.route('**/api/v1/timeseries/energy?*', route =>
    (fail ? route.fulfill({ status: 503, json: { detail: 'Service Unavailable' } }) : route.continue())) });
  await o.page.waitForSelector('[data-chart="series"][data-rendered="true"]');
  fail = true;
  await o.page.selectOption('select[name="range"]', '7d');
  await o.page.locator('[data-panel="series"]').getByText('503: Service Unavailable').waitFor();
  // the pickers say 7 days by the hour: the 24 hours by the quarter-hour drawn before are not that
  assert.equal(await o.page.evaluate(() => window.__wattlineChart('series')), null, 'no chart of the 24 hours');
  assert.equal(await o.page.locator('[data-panel="series"] canvas').count(), 0);
  fail = false;
  await o.page.selectOption('select[name="interval"]', '1day');
  await o.page.waitForSelector('[data-panel="series"] [data-chart="series"][data-rendered="true"] canvas');
  assert.equal(await o.page.locator('[data-panel="series"] .notice.error').count(), 0);
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 503/.test(e))); // the 503 is the point here
  await o.done();
});

test('navigation: a page left while it loads does not append itself to the next page', async () => {
  // the plant page, left before its machines arrive, must not append itself to the next page
  const o = await open('leave-overview', '', { chart: false, ready: false, setup: page => delay(page, '**/api/v1/machines', 1500) });
  await o.page.evaluate(() => { window.location.hash = '#/detect'; });
  await sleep(3000);
  assert.equal(await o.page.locator('[data-factory]').count(), 0, 'no plant section on the detection page');
  assert.deepEqual(await o.page.locator('h1').allTextContents(), ['Detection playground']);
  await o.done();
});

test('navigation: the twin page left before its first state arrives does not start polling', async () => {
  const polls = [];
  const t = await open('leave-twin', '#/twin', { chart: false, ready: false, setup: async page => {
    await delay(page, '**/system/state?*', 1500);
    page.on('request', r => { if (r.url().includes('/system/state')) polls.push(Date.now()); });
  } });
  await t.page.evaluate(() => { window.location.hash = '#/detect'; });
  const left = Date.now();
  await sleep(3500);
  assert.deepEqual(polls.filter(x => x > left), [], 'no /system/state after leaving the twin page');
  await t.done();
});

test('keys: one prompt per page view, polling stops on 401, Azure\'s error text shown', async () => {
  // no key stored (a request without a key is not counted as a wrong guess): the prompt is cancelled
  const dialogs = [];
  const setup = page => page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
  const t = await open('key-twin', '#/twin', { chart: false, key: null, setup });
  await sleep(3500);
  assert.equal(dialogs.length, 1, `prompts: ${dialogs.length}`);
  assert.match(await t.page.textContent('.notice.error'), /^401: .*Polling stopped/);
  t.errors.length = 0; // the 401s are the point here
  await t.done();

  dialogs.length = 0;
  // a page that cannot load without the key says how to be asked again
  const v = await open('key-overview', '', { chart: false, key: null, setup });
  assert.equal(dialogs.length, 1);
  assert.equal(await v.page.textContent('.notice.error'),
    'Could not load the page: 401: Invalid or missing API key. Reload the page to enter a key (./wattline local prints its development key).');
  v.errors.length = 0;
  await v.done();

  dialogs.length = 0;
  const d = await open('key-detect', '#/detect', { chart: false, key: null, setup });
  await d.page.getByText('Example with a spike').click();
  await d.page.click('[data-action="detect"]');
  await d.page.waitForSelector('.notice.error');
  assert.equal(dialogs.length, 1);
  assert.match(await d.page.textContent('.notice.error'), /^401: Access denied/);
  d.errors.length = 0;
  await d.done();
});

test('detection playground: reads ;-separated CSV with decimal commas, leaves empty values out, zone-less times are UTC', async () => {
  const o = await open('detect-csv', '#/detect', { chart: false });
  const rows = Array.from({ length: 48 }, (_, i) => [`2026-01-01 ${String(i % 24).padStart(2, '0')}:00:00`.replace('01 ', `0${1 + Math.floor(i / 24)} `),
    (50 + 10 * Math.sin(i / 4) + 0.25).toFixed(2)]);
  rows[10][1] = '';
  await o.page.fill('textarea[name="series"]', ['Zeit;Wert', ...rows.map(([t, v]) => `${t};${v.replace('.', ',')}`)].join('\n'));
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('[data-chart="detection"][data-rendered="true"]');
  const values = await o.page.evaluate(() => window.__wattlineChart('detection').series.find(x => x.name === 'value').data);
  const kept = rows.filter(r => r[1] !== '');
  assert.equal(values.length, kept.length, 'the empty value is left out, not read as 0');
  values.forEach(([ts, v], i) => {
    assert.equal(ts, kept[i][0].replace(' ', 'T') + 'Z', 'a time without a zone is UTC');
    assert.equal(v, Number(kept[i][1]), `value ${i} with its decimals`);
  });
  const notes = await o.page.locator('.notice.muted').allTextContents();
  assert.ok(notes.some(n => /1 empty value left out \(line 12\)/.test(n)), notes.join(' | '));
  assert.ok(notes.some(n => /without a zone, read as UTC/.test(n)), notes.join(' | '));
  await o.done();
});

test('detection playground: a spreadsheet\'s day-first dates are read day first and as UTC, an ambiguous one is refused, no column dropped', async () => {
  // a browser in Berlin: left to it, 01.02.2026 13:00 was the 2nd of January at 12:00 UTC, and nothing said so
  const o = await open('detect-dates', '#/detect', { chart: false, timezoneId: 'Europe/Berlin' });
  const rows = Array.from({ length: 48 }, (_, i) => [Date.UTC(2026, 1, 1, i), (50 + 10 * Math.sin(i / 4)).toFixed(2)]);
  const dotted = t => { const d = new Date(t); const two = n => String(n).padStart(2, '0');
    return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:00`; };
  await o.page.fill('textarea[name="series"]', ['Zeit;Wert', ...rows.map(([t, v]) => `${dotted(t)};${v.replace('.', ',')}`)].join('\n'));
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('[data-chart="detection"][data-rendered="true"]');
  const values = await o.page.evaluate(() => window.__wattlineChart('detection').series.find(x => x.name === 'value').data);
  assert.deepEqual(values.map(([ts]) => ts), rows.map(([t]) => new Date(t).toISOString().replace('.000Z', 'Z')), '01.02.2026 is the 1st of February, UTC');
  assert.ok((await o.page.locator('.notice.muted').allTextContents()).some(n => /48 times without a zone, read as UTC/.test(n)));
  // a decimal comma between commas: 50,7 was read as 50, and nothing said so; a trailing ; is no column
  await o.page.fill('textarea[name="series"]', 'timestamp,value\n2026-01-01T00:00:00Z,50,7\n2026-01-01T01:00:00Z,51,2');
  await o.page.click('[data-action="detect"]');
  assert.match(await o.page.textContent('.notice.error'), /^Line 2 has 3 columns, the page reads two \(timestamp,value\); a value with a decimal comma needs ; or a tab/);
  await o.page.fill('textarea[name="series"]', ['Zeit;Wert;', ...rows.map(([t, v]) => `${dotted(t)};${v.replace('.', ',')};`)].join('\n'));
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('[data-chart="detection"][data-rendered="true"]');
  // 01/02/2026 is the 1st of February to some and the 2nd of January to others: refused, not guessed
  await o.page.fill('textarea[name="series"]', 'timestamp,value\n01/02/2026 13:00,5\n01/02/2026 14:00,6');
  await o.page.click('[data-action="detect"]');
  assert.match(await o.page.textContent('.notice.error'), /^Line 2: "01\/02\/2026 13:00" may be day or month first/);
  assert.equal(await o.page.evaluate(() => window.__wattlineChart('detection')), null, 'no chart of the previous run');
  await o.done();
});

test('detection playground: a series whose second value is empty keeps its granularity', async () => {
  let posted = null;
  const o = await open('detect-gap', '#/detect', { chart: false, setup: page => page.route('**/anomalydetector/**', route => {
    posted = route.request().postDataJSON();
    return route.continue();
  }) });
  // hourly, the 01:00 value empty: left out, the first two points are two hours apart
  const rows = Array.from({ length: 24 * 8 }, (_, i) => `${new Date(Date.UTC(2026, 0, 1, i)).toISOString().replace('.000Z', 'Z')},`
    + (i === 1 ? '' : (50 + 10 * Math.sin((2 * Math.PI * i) / 24)).toFixed(2)));
  await o.page.fill('textarea[name="series"]', ['timestamp,value', ...rows].join('\n'));
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('[data-chart="detection"][data-rendered="true"], .notice.error');
  assert.equal(await o.page.locator('.notice.error').count(), 0, await o.page.locator('.notice.error').allTextContents().then(t => t.join(' | ')));
  assert.equal(posted.granularity, 'hourly');
  assert.equal(posted.customInterval, undefined, 'every hour, not every 2 hours');
  assert.equal(posted.series.length, 24 * 8 - 1);
  await o.done();
});

test('detection playground and forecast: a band below 0 is drawn around its line, not from 0', async () => {
  // a series around 0 (net power, a temperature): half its expected values are below 0
  const o = await open('detect-below-zero', '#/detect', { chart: false });
  const rows = Array.from({ length: 24 * 7 }, (_, i) => `${new Date(Date.UTC(2026, 0, 1, i)).toISOString()},`
    + (10 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13) / 13).toFixed(2));
  await o.page.fill('textarea[name="series"]', rows.join('\n'));
  await o.page.click('[data-action="detect"]');
  await o.page.waitForSelector('[data-chart="detection"][data-rendered="true"]');
  const opt = await o.page.evaluate(() => window.__wattlineChart('detection'));
  const lower = opt.series.find(x => x.name === 'lower').data.map(([, v]) => v);
  const width = opt.series.find(x => x.name === 'expected range').data.map(([, v]) => v);
  assert.ok(lower.some(v => v < 0), 'some of the band is below 0');
  const tops = await o.page.evaluate(() => window.__wattlineDrawn('detection', 'expected range'));
  tops.forEach((top, i) => close(top, lower[i] + width[i], `the band's top at ${i}`));
  await o.done();

  // the forecast's band the same way (a model's lower bound may go below 0)
  const m = await open('forecast-below-zero', `#/machine/${M1}?range=24h`, { chart: false, setup: page => page.route('**/api/v1/forecast/predict', route =>
    route.fulfill({ json: { machine_id: M1, model_type: 'arima', total_predicted_energy: 24, accuracy: {},
      predictions: Array.from({ length: 24 }, (_, i) => ({ timestamp: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
        predicted_energy: 1, lower_bound: -2 - i / 10, upper_bound: 4 })) } })) });
  await m.page.waitForSelector('[data-panel="forecast"] [data-chart="forecast"][data-rendered="true"]');
  const forecastTops = await m.page.evaluate(() => window.__wattlineDrawn('forecast', 'band'));
  assert.deepEqual(forecastTops.map(v => Number(v.toFixed(6))), Array(24).fill(4), 'the band reaches the upper bound');
  await m.done();
});

test('comparison: a failed request clears the figures of the previous one', async () => {
  let fail = false;
  const o = await open('compare-fail', '#/compare', { setup: page => page.route('**/api/v1/comparison/machines?*', route =>
    (fail ? route.fulfill({ status: 503, json: { detail: 'Service Unavailable' } }) : route.continue())) });
  await o.page.waitForSelector('[data-table="comparison"] tbody tr');
  fail = true;
  await o.page.getByRole('button', { name: 'Compare' }).click();
  await o.page.waitForSelector('.notice.error');
  assert.equal(await o.page.locator('[data-table="comparison"]').count(), 0, 'no old table');
  assert.equal(await o.page.evaluate(() => window.__wattlineChart('comparison')), null, 'no old chart');
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 503/.test(e)));
  await o.done();
});

test('comparison: an API that does not answer is said in words, not as the browser\'s "Failed to fetch"', async () => {
  let down = false;
  const o = await open('compare-down', '#/compare', { setup: page => page.route('**/api/v1/comparison/machines?*', route =>
    (down ? route.abort('connectionrefused') : route.continue())) });
  await o.page.waitForSelector('[data-table="comparison"] tbody tr');
  down = true; // the local cloud stopped while the page is open
  await o.page.getByRole('button', { name: 'Compare' }).click();
  await o.page.waitForSelector('.notice.error');
  assert.match(await o.page.textContent('.notice.error'), /^No answer from the API \(.*\): the server is down or cannot be reached/);
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/ERR_CONNECTION_REFUSED/.test(e)));
  await o.done();
});

test('comparison: an emptied date asks for one, in words', async () => {
  const o = await open('compare-no-date', '#/compare');
  await o.page.waitForSelector('[data-table="comparison"] tbody tr');
  await o.page.fill('input[name="start_date"]', '');
  await o.page.getByRole('button', { name: 'Compare' }).click();
  await o.page.getByText('Pick the first and the last day.').waitFor();
  assert.equal(await o.page.locator('.notice.error').count(), 0, 'no 422 with a field path');
  assert.equal(await o.page.locator('[data-table="comparison"]').count(), 0, 'no old table');
  await o.done();
});

test('sankey: a failed request clears the flows of the previous day', async () => {
  let fail = false;
  const day = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
  const o = await open('sankey-fail', `#/sankey?factory_id=${FACTORY}&date=${day}`, { setup: page => page.route('**/api/v1/sankey/data?*', route =>
    (fail ? route.fulfill({ status: 503, json: { detail: 'Service Unavailable' } }) : route.continue())) });
  await o.page.waitForSelector('[data-table="flows"] tbody tr');
  fail = true;
  await o.page.fill('input[name="date"]', new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10));
  await o.page.waitForSelector('.notice.error');
  assert.equal(await o.page.locator('[data-table="flows"]').count(), 0, 'no old table');
  assert.equal(await o.page.evaluate(() => window.__wattlineChart('sankey')), null, 'no old chart');
  o.errors.splice(0, o.errors.length, ...o.errors.filter(e => !/status of 503/.test(e)));
  await o.done();
});

test('sankey: an emptied day picker asks for a day, and draws no flows of a day nobody picked', async () => {
  // yesterday: the test plant's two days hold no readings three days back (a 404, no chart, and open() waited in vain)
  const day = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
  const asked = [];
  const o = await open('sankey-no-day', `#/sankey?factory_id=${FACTORY}&date=${day}`, { setup: page => page.on('request', r => {
    if (r.url().includes('/sankey/data')) asked.push(new URL(r.url()).searchParams.get('date'));
  }) });
  await o.page.waitForSelector('[data-table="flows"] tbody tr');
  await o.page.fill('input[name="date"]', '');
  await o.page.getByText('Pick a day.').waitFor();
  await sleep(1000);
  assert.deepEqual(asked, [day], 'no request without a date (the API answered its own default day)');
  assert.equal(await o.page.locator('[data-table="flows"]').count(), 0, 'no table');
  assert.equal(await o.page.evaluate(() => window.__wattlineChart('sankey')), null, 'no chart');
  await o.done();
});

test('narrow screens: no page is wider than a 390 px phone', async () => {
  for (const [name, hash] of [['overview-390', ''], ['compare-390', '#/compare'], ['sankey-390', `#/sankey?factory_id=${FACTORY}`], ['machine-390', `#/machine/${M1}`]]) {
    const o = await open(name, hash, { chart: false, width: 390 });
    await sleep(1500);
    const wide = await o.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${name}: the page is ${wide} px wide`);
    await o.done();
  }
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
