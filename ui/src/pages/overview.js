import { get } from '../api.js';
import { el, num, money, notice, localDay, startOfLocalDay, zonedTime, words, NO_MACHINES } from '../format.js';
import { activeAnomaliesPanel } from './anomalies.js';

const LIVE_REFRESH_MS = 30_000;
const TODAY_REFRESH_MS = 5 * 60_000;
const STALE_AFTER_MS = 10 * 60_000; // a live plant posts a reading a minute; older than this is not "live"

/** An error in a card's few words: the API's own status and words, or that it did not answer. */
const briefly = e => (e.status ? e.message : 'the API did not answer');

/** The KPI route's 404 for a period without readings (a missing machine or route says otherwise). */
const noReadings = e => e && e.status === 404 && /^No data/.test(e.plain || '');

/** Plant overview: factories and machines, live power, today's energy, cost and carbon, active anomalies. */
export default async function overview(app, _params, _query, view) {
  app.append(el('h1', {}, 'Plant overview'),
    el('div', { class: 'sub' }, "Live power of every machine, and today (each factory's local day, midnight to now) per machine and per currency."));
  const machines = await get('/api/v1/machines');
  if (!view.alive) return;
  // a plant with no machine yet: "No readings today yet." said the meters were silent
  if (!machines.length) {
    app.append(notice(NO_MACHINES, 'muted'));
    return;
  }
  const zoneOf = new Map(machines.map(m => [m.id, m.factory_timezone || 'UTC']));
  const totals = el('div', { class: 'card', 'data-panel': 'today' }, el('h2', {}, 'Today'), el('div', { class: 'muted' }, 'loading…'));
  const anomalies = el('div', { class: 'card' }, el('h2', {}, 'Active anomalies'));
  app.append(totals);
  const byFactory = new Map();
  for (const m of machines) {
    if (!byFactory.has(m.factory_id)) byFactory.set(m.factory_id, { name: m.factory_name, location: m.factory_location, zone: zoneOf.get(m.id), machines: [] });
    byFactory.get(m.factory_id).machines.push(m);
  }
  const cards = new Map();
  for (const [fid, f] of byFactory) {
    const grid = el('div', { class: 'grid' });
    for (const m of f.machines) {
      const power = el('span', { 'data-live-power': m.id }, '…');
      const today = el('div', { class: 'muted', 'data-today': m.id }, '');
      const at = el('div', { class: 'muted', 'data-live-at': m.id }, '');
      grid.append(el('div', { class: 'card machine-card', 'data-machine': m.id },
        el('a', { href: `#/machine/${m.id}` }, m.name),
        el('div', { class: 'muted' }, `${words(m.type)} · rated ${m.rated_power_kw} kW`),
        el('div', { class: 'power' }, power, el('span', { class: 'unit' }, ' kW')), at, today));
      cards.set(m.id, { power, today, at });
    }
    app.append(el('section', { 'data-factory': fid },
      el('h2', {}, f.name, el('span', { class: 'muted' }, `  ${f.location ? `${f.location} · ` : ''}${f.zone} · ${f.machines.length} machines · `),
        el('a', { href: `#/sankey?factory_id=${fid}` }, 'energy flows')), grid));
  }
  app.append(anomalies);

  async function refreshLive() {
    await Promise.all(machines.map(async m => {
      const c = cards.get(m.id);
      try {
        const latest = await get(`/api/v1/timeseries/latest/${m.id}`);
        const age = Date.now() - Date.parse(latest.timestamp);
        c.last = latest;
        c.power.textContent = num(latest.power_kw, 1);
        // an old reading is not live power: say when it was, with the date, and that it is stale
        c.at.classList.toggle('stale', age > STALE_AFTER_MS);
        c.at.textContent = age > STALE_AFTER_MS
          ? `stale: last reading ${zonedTime(latest.timestamp, zoneOf.get(m.id))}`
          : `at ${zonedTime(latest.timestamp, zoneOf.get(m.id), { date: false })}`;
      } catch (e) {
        c.power.textContent = '–';
        c.at.classList.remove('stale');
        // the API's failure in a few words, with the last power read, if any: the full sentence, on every card at
        // once, buried the plant under one message eight times over and lost the figures it had
        const last = c.last ? ` (last ${num(c.last.power_kw, 1)} kW at ${zonedTime(c.last.timestamp, zoneOf.get(m.id))})` : '';
        c.at.textContent = e.status === 404 ? 'no reading yet' : `not read: ${briefly(e)}${last}`;
      }
    }));
  }

  async function refreshToday() {
    const end = new Date();
    const rows = await Promise.all(machines.map(async m => {
      // the factory's today: its local midnight, as the API's days and tariffs reckon it
      const zone = zoneOf.get(m.id);
      const start = startOfLocalDay(localDay(end, zone), zone);
      const c = cards.get(m.id);
      c.today.dataset.start = start.toISOString();
      c.today.dataset.end = end.toISOString();
      try {
        return { m, k: await get('/api/v1/kpi/all', { machine_id: m.id, start: start.toISOString(), end: end.toISOString() }) };
      } catch (e) {
        return { m, error: e };
      }
    }));
    if (!view.alive) return;
    const sums = new Map(); // currency -> totals: machines of different factories may bill in different currencies
    const silent = []; // machines with no reading since their factory's midnight: read, with nothing to add up
    for (const { m, k, error } of rows) {
      const c = cards.get(m.id);
      // no readings since midnight: a 404, or (with a production count already in) figures the API leaves null
      if (noReadings(error) || k?.totals.total_energy_kwh === null) { silent.push(m.name); c.today.textContent = 'today: no readings yet'; continue; }
      if (error) { c.today.textContent = `today: not read (${briefly(error)})`; continue; }
      // what the day costs: energy plus the demand charge's share, as the machine page's total
      const energy = k.totals.total_energy_kwh, cost = k.totals.total_cost ?? k.kpis.energy_cost.total_cost, carbon = k.kpis.carbon_intensity.value;
      const currency = k.kpis.energy_cost.unit;
      c.today.textContent = `today ${num(energy, 1)} kWh · ${money(cost, currency)} total cost · ${num(carbon, 1)} kg CO2`;
      const s = sums.get(currency) || { energy: 0, cost: 0, carbon: 0, machines: 0, unpriced: [] };
      s.energy += energy; s.carbon += carbon; s.machines += 1;
      // a factory without a tariff: no cost (null), counted apart; added as 0, the group's cost was low, unsaid
      if (cost === null || cost === undefined) s.unpriced.push(m.name); else s.cost += cost;
      sums.set(currency, s);
    }
    const failed = rows.filter(r => r.error && !noReadings(r.error));
    totals.replaceChildren(el('h2', {}, 'Today'));
    if (failed.length === rows.length && rows.length) {
      totals.append(notice(`Could not read today's figures: ${failed[0].error.message}`, 'error'));
    } else if (sums.size === 0 && !failed.length) {
      totals.append(notice('No readings today yet.', 'muted'));
    } else {
      // a meter silent since midnight is not a failed read: said apart, named, not as an error
      if (silent.length) totals.append(notice(`No readings today yet from ${silent.join(', ')}.`, 'muted'));
      if (failed.length) totals.append(notice(`${failed.length} of ${rows.length} machines could not be read; the sums leave them out.`, 'error'));
    }
    for (const [currency, s] of sums) {
      // a heading per currency: on a phone the groups' figures ran together with nothing to tell them apart
      totals.append(el('h3', { class: 'currency-group' }, `Billed in ${currency || 'no currency'}`), el('div', { class: 'stats', 'data-currency': currency },
        el('div', { class: 'stat' }, el('div', { class: 'stat-label' }, 'machines'), el('div', { class: 'stat-value' }, s.machines)),
        el('div', { class: 'stat' }, el('div', { class: 'stat-label' }, 'energy'),
          el('div', { class: 'stat-value' }, el('span', { 'data-kpi': 'today-energy' }, num(s.energy, 1)), el('span', { class: 'unit' }, ' kWh'))),
        // each machine's demand charge is on its own peak: a factory billed on its coincident peak pays a little less
        el('div', { class: 'stat', title: "The machines' costs added up: energy, and each machine's demand charge on its own peak. A utility bills the factory's coincident peak, which is at most their sum." },
          el('div', { class: 'stat-label' }, "total cost (energy + machines' demand charges)"),
          el('div', { class: 'stat-value' }, el('span', { 'data-kpi': 'today-cost' }, s.unpriced.length === s.machines ? '–' : num(s.cost, 2)),
            s.unpriced.length === s.machines ? null : el('span', { class: 'unit' }, ' ' + currency)),
          s.unpriced.length ? el('div', { class: 'muted', 'data-unpriced': currency },
            `excludes ${s.unpriced.length} machine${s.unpriced.length > 1 ? 's' : ''} without a tariff (${s.unpriced.join(', ')})`) : null),
        el('div', { class: 'stat' }, el('div', { class: 'stat-label' }, 'carbon'),
          el('div', { class: 'stat-value' }, el('span', { 'data-kpi': 'today-carbon' }, num(s.carbon, 1)), el('span', { class: 'unit' }, ' kg CO2')))));
    }
    // figures of no time: a refresh that read nothing is "tried at", not "as of"
    const when = end.toLocaleTimeString('en-US', { timeZoneName: 'short' });
    totals.append(el('div', { class: 'muted', 'data-as-of': '' }, `${sums.size || !failed.length ? 'as of' : 'tried at'} ${when}, refreshed every ${TODAY_REFRESH_MS / 60_000} minutes`));
  }

  // timers first: a page left while it loads stops them at once
  view.every(LIVE_REFRESH_MS, refreshLive);
  view.every(TODAY_REFRESH_MS, refreshToday);
  await Promise.all([refreshLive(), refreshToday(), activeAnomaliesPanel(anomalies, { zoneOf: id => zoneOf.get(id) })]);
}
