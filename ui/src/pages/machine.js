import { get, post, optional } from '../api.js';
import { chart } from '../charts.js';
import { el, num, money, stat, notice, notAvailable, isoDay } from '../format.js';
import { activeAnomaliesPanel } from './anomalies.js';

const RANGES = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };
const INTERVALS = ['1min', '5min', '15min', '1hour', '1day'];
const DEFAULT_INTERVAL = { '24h': '15min', '7d': '1hour', '30d': '1day' };

const TRAINING_DAYS = 30;
const notTrained = e => e && e.status === 404 && e.body && e.body.detail === 'Model not trained';

/**
 * "Model not trained" (404 of the anomaly and forecasting functions) with a button that trains one on the
 * last 30 days and then calls `after`; the button shows the work while the API trains.
 */
function trainOffer(what, route, machineId, after) {
  const end = new Date();
  const start = new Date(end.getTime() - TRAINING_DAYS * 86400_000);
  const state = el('span', { class: 'muted' });
  const button = el('button', {
    class: 'secondary', 'data-train': route,
    onclick: async () => {
      button.disabled = true;
      state.textContent = ` training on ${TRAINING_DAYS} days of readings…`;
      try {
        await post(route, { machine_id: machineId, start_date: start.toISOString(), end_date: end.toISOString() });
        state.textContent = ' trained';
        await after();
      } catch (e) {
        button.disabled = false;
        state.textContent = ` ${e.message}`;
      }
    },
  }, `Train ${what}`);
  return el('div', { class: 'notice muted' }, `No ${what} for this machine yet. `, button, state);
}

/** One machine: series, KPIs with the cost breakdown, heatmap, anomalies, baseline, forecast, cheapest schedule. */
export default async function machine(app, [id], query) {
  const m = await get(`/api/v1/machines/${encodeURIComponent(id)}`);
  const range = el('select', { name: 'range' }, Object.keys(RANGES).map(r => el('option', { value: r }, r)));
  range.value = RANGES[query.get('range')] ? query.get('range') : '24h';
  const interval = el('select', { name: 'interval' }, INTERVALS.map(i => el('option', { value: i }, i)));
  interval.value = INTERVALS.includes(query.get('interval')) ? query.get('interval') : DEFAULT_INTERVAL[range.value];
  const metric = el('select', { name: 'metric' }, el('option', { value: 'energy' }, 'energy (kWh)'), el('option', { value: 'power' }, 'power (kW)'));
  const seriesBox = el('div');
  const seriesNote = el('div');
  const kpiCard = el('div', { class: 'card', 'data-panel': 'kpis' }, el('h2', {}, 'KPIs'));
  const heatCard = el('div', { class: 'card', 'data-panel': 'heatmap' }, el('h2', {}, 'Hourly energy'), el('div'));
  const anomalyCard = el('div', { class: 'card', 'data-panel': 'anomalies' }, el('h2', {}, 'Anomalies'));
  const forecastCard = el('div', { class: 'card', 'data-panel': 'forecast' }, el('h2', {}, 'Forecast, next 24 hours'));
  const scheduleCard = el('div', { class: 'card', 'data-panel': 'schedule' }, el('h2', {}, 'Cheapest schedule for tomorrow'));

  app.append(el('h1', {}, m.name),
    el('div', { class: 'sub' }, `${m.type} · rated ${m.rated_power_kw} kW · ${m.factory_name} (${m.factory_location || ''})`),
    el('div', { class: 'card', 'data-panel': 'series' },
      el('div', { class: 'controls' }, el('label', {}, 'range', range), el('label', {}, 'interval', interval), el('label', {}, 'metric', metric)),
      seriesNote, seriesBox),
    kpiCard, el('div', { class: 'cols' }, heatCard, anomalyCard), el('div', { class: 'cols' }, forecastCard, scheduleCard));

  const period = () => {
    const end = new Date();
    end.setUTCSeconds(0, 0);
    const start = new Date(end.getTime() - RANGES[range.value] * 3600_000);
    return { start: start.toISOString().replace('.000Z', 'Z'), end: end.toISOString().replace('.000Z', 'Z') };
  };

  async function drawSeries() {
    const { start, end } = period();
    seriesBox.dataset.start = start;
    seriesBox.dataset.end = end;
    seriesNote.replaceChildren();
    const [series, baseline] = await Promise.all([
      get(`/api/v1/timeseries/${metric.value}`, { machine_id: id, start_time: start, end_time: end, interval: interval.value }),
      metric.value === 'energy'
        ? optional(get('/api/v1/baseline/deviation', { machine_id: id, start_time: start, end_time: end })).catch(e => ({ error: e }))
        : Promise.resolve({ skipped: true }),
    ]);
    const unit = metric.value === 'energy' ? 'kWh' : 'kW';
    const lines = [{ name: `actual (${unit})`, type: 'line', showSymbol: false, data: series.data_points.map(p => [p.timestamp, p.value]) }];
    if (baseline.data && baseline.data.deviations) {
      lines.push({ name: 'baseline expected', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' },
        data: baseline.data.deviations.map(d => [d.timestamp, d.predicted]) });
    } else if (baseline.missing) {
      seriesNote.append(notAvailable('Baseline expected line'));
    } else if (notTrained(baseline.error)) {
      seriesNote.append(trainOffer('baseline model', '/api/v1/baseline/train', id, drawSeries));
    } else if (baseline.error) {
      seriesNote.append(notice(`Baseline: ${baseline.error.message}`, 'muted'));
    }
    chart(seriesBox, 'series', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 60 },
      xAxis: { type: 'time' }, yAxis: { type: 'value', name: unit }, dataZoom: [{ type: 'inside' }, { type: 'slider' }],
      series: lines,
    });
    seriesBox.dataset.points = String(series.data_points.length);
  }

  async function drawKpis() {
    const { start, end } = period();
    kpiCard.dataset.start = start;
    kpiCard.dataset.end = end;
    let k;
    try {
      k = await get('/api/v1/kpi/all', { machine_id: id, start, end });
    } catch (e) {
      kpiCard.replaceChildren(el('h2', {}, 'KPIs'), notice(e.message, e.status === 404 ? 'muted' : 'error'));
      return;
    }
    const c = k.kpis.energy_cost;
    const currency = c.unit;
    const sec = k.kpis.sec;
    kpiCard.replaceChildren(el('h2', {}, `KPIs, last ${range.value}`),
      el('div', { class: 'stats' },
        stat('energy', num(k.totals.total_energy_kwh, 1), 'kWh', 'energy'),
        stat('average power', num(k.totals.avg_power_kw, 1), 'kW', 'avg-power'),
        stat('peak demand (15 min)', num(k.kpis.peak_demand.value, 1), 'kW', 'peak-demand'),
        stat('load factor', num(k.kpis.load_factor.percent, 1), '%', 'load-factor'),
        stat('SEC', sec.value === null ? '–' : num(sec.value, 3), sec.value === null ? (sec.reason || 'no production') : sec.unit, 'sec'),
        stat('energy cost', num(c.value, 2), currency, 'energy-cost'),
        stat('total cost', num(c.total_cost ?? c.value, 2), currency, 'total-cost'),
        stat('carbon', num(k.kpis.carbon_intensity.value, 1), 'kg CO2', 'carbon')),
      el('h3', { style: 'margin-top:14px' }, 'Cost breakdown'),
      el('table', { 'data-table': 'cost-breakdown' },
        el('thead', {}, el('tr', {}, el('th', {}, 'band'), el('th', { class: 'n' }, 'energy (kWh)'), el('th', { class: 'n' }, `rate (${currency}/kWh)`), el('th', { class: 'n' }, `cost (${currency})`))),
        el('tbody', {},
          (c.breakdown || []).map(b => el('tr', { 'data-band': b.band }, el('td', {}, b.band), el('td', { class: 'n' }, num(b.energy_kwh, 1)),
            el('td', { class: 'n' }, num(b.rate, 4)), el('td', { class: 'n' }, num(b.cost, 2)))),
          el('tr', { 'data-band': 'demand' }, el('td', {}, 'demand charge'),
            el('td', { class: 'n' }, `${num(k.kpis.demand_charge?.peak_demand_kw, 1)} kW`),
            el('td', { class: 'n', title: demandMonths(k.kpis.demand_charge) },
              k.kpis.demand_charge?.rate_per_kw != null ? `${num(k.kpis.demand_charge.rate_per_kw, 2)}/kW-month × ${num(monthShare(k.kpis.demand_charge), 3)}` : '–'),
            el('td', { class: 'n' }, num(c.demand_charge ?? 0, 2))),
          el('tr', {}, el('th', {}, 'total'), el('td'), el('td'), el('th', { class: 'n' }, money(c.total_cost ?? c.value, currency))))));
  }

  async function drawHeatmap() {
    const box = heatCard.lastElementChild;
    const end = new Date();
    const start = new Date(end.getTime() - Math.max(RANGES[range.value], 24 * 7) * 3600_000);
    try {
      const h = await get('/api/v1/heatmap/hourly', { machine_id: id, start_date: isoDay(start), end_date: isoDay(end) });
      const dates = [...new Set(h.data.map(d => d.date))];
      const max = Math.max(1e-9, ...h.data.map(d => d.value ?? 0));
      chart(box, 'heatmap', {
        tooltip: { position: 'top', formatter: p => `${dates[p.value[1]]} ${p.value[0]}:00 — ${num(p.value[2], 1)} ${h.unit}` },
        grid: { left: 90, right: 20, top: 10, bottom: 70 },
        xAxis: { type: 'category', data: [...Array(24).keys()].map(String), name: "hour (the factory's local time)", nameLocation: 'middle', nameGap: 25 },
        yAxis: { type: 'category', data: dates },
        visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
        // hours with a stored anomaly get a red border
        series: [{ type: 'heatmap', data: h.data.filter(d => d.value !== null).map(d => ({ value: [String(d.hour), dates.indexOf(d.date), d.value],
          itemStyle: d.anomaly ? { borderColor: '#c62828', borderWidth: 2 } : undefined })) }],
      });
    } catch (e) {
      box.replaceChildren(notice(e.message, 'muted'));
    }
  }

  async function drawForecast() {
    const title = forecastCard.firstElementChild;
    let r;
    try {
      r = await optional(post('/api/v1/forecast/predict', { machine_id: id, forecast_hours: 24 }));
    } catch (e) {
      forecastCard.replaceChildren(title, notTrained(e)
        ? trainOffer('forecast model', '/api/v1/forecast/train/prophet', id, () => Promise.all([drawForecast(), drawSchedule()]))
        : notice(`Forecast: ${e.message}`, 'muted'));
      return;
    }
    if (r.missing) { forecastCard.replaceChildren(title, notAvailable('Forecasting')); return; }
    const p = r.data.predictions || [];
    const box = el('div');
    forecastCard.replaceChildren(title, el('div', { class: 'muted' },
      `${r.data.model_type || 'model'} · total ${num(r.data.total_predicted_energy, 1)} kWh`), box);
    chart(box, 'forecast', {
      tooltip: { trigger: 'axis' }, legend: { top: 0, data: ['forecast', 'band'] }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'time' }, yAxis: { type: 'value', name: 'kWh' },
      series: [
        { name: 'lower', type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, data: p.map(x => [x.timestamp, x.lower_bound]) },
        { name: 'band', type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.25 },
          data: p.map(x => [x.timestamp, x.upper_bound - x.lower_bound]) },
        { name: 'forecast', type: 'line', symbol: 'none', data: p.map(x => [x.timestamp, x.predicted_energy]) },
      ],
    });
  }

  // the production target of the plan: yesterday's output by default (seed 001's example when unknown)
  const target = el('input', { type: 'number', name: 'production_target', min: 1, value: 1000, style: 'width:7em' });
  const maxHours = el('input', { type: 'number', name: 'max_runtime_hours', min: 1, max: 24, value: 20, style: 'width:4em' });
  const plan = el('button', { class: 'secondary', onclick: () => drawSchedule() }, 'Plan');
  const scheduleForm = el('div', { class: 'controls' }, el('label', {}, 'production target', target), el('label', {}, 'max hours', maxHours), plan);
  get('/api/v1/kpi/all', { machine_id: id, start: new Date(Date.now() - 86400_000).toISOString(), end: new Date().toISOString() })
    .then(k => { if (k.totals.total_production_units > 0) target.value = k.totals.total_production_units; }).catch(() => {});

  async function drawSchedule() {
    const title = scheduleCard.firstElementChild;
    const tomorrow = isoDay(Date.now() + 24 * 3600_000);
    let r;
    try {
      r = await optional(post('/api/v1/forecast/optimal-schedule', { machine_id: id, date: tomorrow,
        constraints: { production_target: Number(target.value), max_runtime_hours: Number(maxHours.value) } }));
    } catch (e) {
      scheduleCard.replaceChildren(title, scheduleForm, notTrained(e)
        ? trainOffer('forecast model', '/api/v1/forecast/train/prophet', id, () => Promise.all([drawForecast(), drawSchedule()]))
        : notice(`Schedule: ${e.message}`, 'muted'));
      return;
    }
    if (r.missing) { scheduleCard.replaceChildren(title, notAvailable('Optimal schedule')); return; }
    const s = r.data;
    const box = el('div');
    scheduleCard.replaceChildren(title, scheduleForm, el('div', { class: 'stats' },
      stat('estimated cost', num(s.estimated_cost, 2), '', 'schedule-cost'),
      stat('estimated energy', num(s.estimated_energy, 1), 'kWh', 'schedule-energy'),
      stat('savings', num(s.cost_savings, 2), '', 'schedule-savings')), box);
    chart(box, 'schedule', {
      tooltip: { trigger: 'axis', formatter: ps => { const x = s.schedule[ps[0].dataIndex]; return `${x.hour}:00 ${x.operate ? 'run' : 'off'} ${x.reason || ''}`; } },
      grid: { left: 50, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: s.schedule.map(x => String(x.hour)) }, yAxis: { type: 'value', name: 'kW' },
      series: [{ type: 'bar', data: s.schedule.map(x => ({ value: x.operate ? (x.expected_power ?? 1) : 0 })) }],
    });
  }

  const redraw = () => Promise.all([drawSeries(), drawKpis(), drawHeatmap(), activeAnomaliesPanel(anomalyCard, { machineId: id, hours: RANGES[range.value] })])
    .catch(e => seriesNote.replaceChildren(notice(e.message, 'error')));
  range.addEventListener('change', () => { interval.value = DEFAULT_INTERVAL[range.value]; redraw(); });
  interval.addEventListener('change', () => drawSeries().catch(e => seriesNote.replaceChildren(notice(e.message, 'error'))));
  metric.addEventListener('change', () => drawSeries().catch(e => seriesNote.replaceChildren(notice(e.message, 'error'))));
  await Promise.all([redraw(), drawForecast(), drawSchedule()]);
}

/** The months the demand charge bills, as shares of a month (a week is about 0.23 of one). */
function monthShare(d) {
  return (d?.months || []).reduce((sum, m) => sum + m.share_of_month, 0);
}

/** Each month's part of the demand charge, for the cell's tooltip. */
function demandMonths(d) {
  return (d?.months || []).map(m => `${m.month}: peak ${num(m.peak_demand_kw, 1)} kW × ${num(m.share_of_month, 3)} of the month = ${num(m.value, 2)}`).join('\n');
}
