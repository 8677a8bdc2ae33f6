import { get } from '../api.js';
import { el, num, money, notice, startOfUtcDay } from '../format.js';
import { activeAnomaliesPanel } from './anomalies.js';

const LIVE_REFRESH_MS = 30_000;

/** Plant overview: factories and machines, live power, today's energy, cost and carbon, active anomalies. */
export default async function overview(app) {
  app.append(el('h1', {}, 'Plant overview'),
    el('div', { class: 'sub' }, 'Live power of every machine, and today (UTC, midnight to now) per machine and per factory.'));
  const machines = await get('/api/v1/machines');
  const totals = el('div', { class: 'card' }, el('h2', {}, 'Today'), el('div', { class: 'muted' }, 'loading…'));
  const anomalies = el('div', { class: 'card' }, el('h2', {}, 'Active anomalies'));
  app.append(totals);
  const byFactory = new Map();
  for (const m of machines) {
    if (!byFactory.has(m.factory_id)) byFactory.set(m.factory_id, { name: m.factory_name, location: m.factory_location, machines: [] });
    byFactory.get(m.factory_id).machines.push(m);
  }
  const cards = new Map();
  for (const [fid, f] of byFactory) {
    const grid = el('div', { class: 'grid' });
    for (const m of f.machines) {
      const power = el('span', { 'data-live-power': m.id }, '…');
      const today = el('div', { class: 'muted', 'data-today': m.id }, '');
      const card = el('div', { class: 'card machine-card', 'data-machine': m.id },
        el('a', { href: `#/machine/${m.id}` }, m.name),
        el('div', { class: 'muted' }, `${m.type} · rated ${m.rated_power_kw} kW`),
        el('div', { class: 'power' }, power, el('span', { class: 'unit' }, ' kW')),
        el('div', { class: 'muted', 'data-live-at': m.id }, ''), today);
      cards.set(m.id, { power, today, at: card.querySelector(`[data-live-at="${m.id}"]`) });
      grid.append(card);
    }
    app.append(el('section', { 'data-factory': fid },
      el('h2', {}, f.name, el('span', { class: 'muted' }, `  ${f.location || ''} · ${f.machines.length} machines · `),
        el('a', { href: `#/sankey?factory_id=${fid}` }, 'energy flows')), grid));
  }
  app.append(anomalies);

  async function refreshLive() {
    await Promise.all(machines.map(async m => {
      const c = cards.get(m.id);
      try {
        const latest = await get(`/api/v1/timeseries/latest/${m.id}`);
        c.power.textContent = num(latest.power_kw, 1);
        c.at.textContent = `at ${new Date(latest.timestamp).toLocaleTimeString()}`;
      } catch (e) {
        c.power.textContent = '–';
        c.at.textContent = e.status === 404 ? 'no reading yet' : e.message;
      }
    }));
  }

  async function refreshToday() {
    const start = startOfUtcDay();
    const end = new Date();
    const rows = await Promise.all(machines.map(async m => {
      try {
        return { m, k: await get('/api/v1/kpi/all', { machine_id: m.id, start: start.toISOString(), end: end.toISOString() }) };
      } catch (e) {
        return { m, error: e };
      }
    }));
    const sums = new Map(); // currency -> totals: machines of different factories may bill in different currencies
    for (const { m, k, error } of rows) {
      const c = cards.get(m.id);
      if (error) { c.today.textContent = `today: ${error.message}`; continue; }
      const energy = k.totals.total_energy_kwh, cost = k.kpis.energy_cost.value, carbon = k.kpis.carbon_intensity.value;
      const currency = k.kpis.energy_cost.unit;
      c.today.textContent = `today ${num(energy, 1)} kWh · ${money(cost, currency)} · ${num(carbon, 1)} kg CO2`;
      const s = sums.get(currency) || { energy: 0, cost: 0, carbon: 0, machines: 0 };
      s.energy += energy; s.cost += cost; s.carbon += carbon; s.machines += 1;
      sums.set(currency, s);
    }
    totals.replaceChildren(el('h2', {}, 'Today'));
    if (sums.size === 0) totals.append(notice('No readings today yet.', 'muted'));
    for (const [currency, s] of sums) {
      totals.append(el('div', { class: 'stats', 'data-currency': currency },
        el('div', { class: 'stat' }, el('div', { class: 'stat-label' }, 'machines'), el('div', { class: 'stat-value' }, s.machines)),
        el('div', { class: 'stat' }, el('div', { class: 'stat-label' }, 'energy'),
          el('div', { class: 'stat-value' }, el('span', { 'data-kpi': 'today-energy' }, num(s.energy, 1)), el('span', { class: 'unit' }, ' kWh'))),
        el('div', { class: 'stat' }, el('div', { class: 'stat-label' }, 'cost'),
          el('div', { class: 'stat-value' }, el('span', { 'data-kpi': 'today-cost' }, num(s.cost, 2)), el('span', { class: 'unit' }, ' ' + currency))),
        el('div', { class: 'stat' }, el('div', { class: 'stat-label' }, 'carbon'),
          el('div', { class: 'stat-value' }, el('span', { 'data-kpi': 'today-carbon' }, num(s.carbon, 1)), el('span', { class: 'unit' }, ' kg CO2')))));
    }
  }

  await Promise.all([refreshLive(), refreshToday(), activeAnomaliesPanel(anomalies, {})]);
  const timer = setInterval(() => { refreshLive(); }, LIVE_REFRESH_MS);
  return () => clearInterval(timer);
}

