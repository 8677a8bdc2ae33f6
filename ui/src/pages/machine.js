import { get, post, optional } from '../api.js';
import { chart, clearChart, zonedAxis } from '../charts.js';
import { el, num, money, stat, notice, notAvailable, scrollTable, localDay, addDays, zonedTime, startOfLocalDay, words } from '../format.js';
import { activeAnomaliesPanel } from './anomalies.js';

const RANGES = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };
const INTERVALS = ['1min', '5min', '15min', '1hour', '1day'];
const DEFAULT_INTERVAL = { '24h': '15min', '7d': '1hour', '30d': '1day' };
const METRICS = ['energy', 'power'];
const STEP_MINUTES = { '1min': 1, '5min': 5, '15min': 15, '1hour': 60, '1day': 1440 };
const HOUR = 3600_000;

const TRAINING_DAYS = 30;
/** The decomposable model first; where the machine's history is too short for it (15 days), the ARIMA (5 days). */
const FORECAST_TRAINING = ['/api/v1/forecast/train/prophet', '/api/v1/forecast/train/arima'];
const notTrained = e => e && e.status === 404 && e.body && e.body.detail === 'Model not trained';

/**
 * "Model not trained" (404 of the anomaly and forecasting functions) with a button that trains one on the
 * last 30 days and then calls `after`; the button shows the work while the API trains. With several routes, each
 * in turn while the last refused for too little history.
 */
function trainOffer(what, routes, machineId, after) {
  routes = [].concat(routes);
  const end = new Date();
  const start = new Date(end.getTime() - TRAINING_DAYS * 86400_000);
  const name = route => route.split('/').pop();
  const state = el('span', { class: 'muted' });
  const button = el('button', {
    class: 'secondary', 'data-train': routes[0],
    onclick: async () => {
      button.disabled = true;
      const refused = [];
      for (const route of routes) {
        state.textContent = ` training ${routes.length > 1 ? name(route) + ' ' : ''}on ${TRAINING_DAYS} days of readings…`;
        try {
          await post(route, { machine_id: machineId, start_date: start.toISOString(), end_date: end.toISOString() });
          state.textContent = refused.length ? ` trained ${name(route)} (${refused.join('; ')})` : ' trained';
          await after();
          return;
        } catch (e) {
          // too little history for this model: the next one may need less (a machine a week old has enough for an
          // ARIMA, not for the decomposable model's 15 days, and the page offered only that one)
          if (e.status === 400 && /Too little history/.test(e.message) && route !== routes[routes.length - 1]) {
            refused.push(`${name(route)}: ${e.message}`);
            continue;
          }
          button.disabled = false;
          state.textContent = ` ${[...refused, (routes.length > 1 ? name(route) + ': ' : '') + e.message].join('; ')}`;
          return;
        }
      }
    },
  }, `Train ${what}`);
  return el('div', { class: 'notice muted' }, `No ${what} for this machine yet. `, button, state);
}

/** One machine: series, KPIs with the cost breakdown, heatmap, anomalies, baseline, forecast, cheapest schedule. */
export default async function machine(app, [id], query, view) {
  const m = await get(`/api/v1/machines/${encodeURIComponent(id)}`);
  if (!view.alive) return;
  document.title = `${m.name} · Wattline`;
  const zone = m.factory_timezone || 'UTC'; // the factory's days: heatmap rows, "tomorrow" of the schedule
  // each panel answers only its latest request: an older answer arriving late (30d after 7d) is dropped
  const latest = { series: ticket(view), kpis: ticket(view), heatmap: ticket(view), schedule: ticket(view) };
  const range = el('select', { name: 'range' }, Object.keys(RANGES).map(r => el('option', { value: r }, r)));
  const interval = el('select', { name: 'interval' }, INTERVALS.map(i => el('option', { value: i }, i)));
  const metric = el('select', { name: 'metric' }, el('option', { value: 'energy' }, 'energy (kWh)'), el('option', { value: 'power' }, 'power (kW)'));
  // the pickers are the hash's query (#/machine/<id>?range=7d&interval=1hour&metric=power): a reload or a shared
  // link shows the same chart, and the back button steps back through the choices (they were lost on a reload)
  const choose = q => {
    range.value = RANGES[q.get('range')] ? q.get('range') : '24h';
    interval.value = INTERVALS.includes(q.get('interval')) ? q.get('interval') : DEFAULT_INTERVAL[range.value];
    metric.value = METRICS.includes(q.get('metric')) ? q.get('metric') : 'energy';
    return { range: range.value, interval: interval.value, metric: metric.value };
  };
  let chosen = choose(query);
  const seriesBox = el('div');
  const seriesNote = el('div');
  const kpiCard = el('div', { class: 'card', 'data-panel': 'kpis' }, el('h2', {}, 'KPIs'));
  const heatNote = el('div');
  const heatBox = el('div');
  const heatCard = el('div', { class: 'card', 'data-panel': 'heatmap' }, el('h2', {}, 'Hourly energy'), heatNote, heatBox);
  const anomalyCard = el('div', { class: 'card', 'data-panel': 'anomalies' }, el('h2', {}, 'Anomalies'));
  const forecastCard = el('div', { class: 'card', 'data-panel': 'forecast' }, el('h2', {}, 'Forecast, next 24 hours'));
  const scheduleCard = el('div', { class: 'card', 'data-panel': 'schedule' }, el('h2', {}, 'Cheapest schedule for tomorrow'));

  app.append(el('h1', {}, m.name),
    // a factory without a location (the catalogue's field is optional) read "Plant ()"
    el('div', { class: 'sub' }, `${words(m.type)} · rated ${m.rated_power_kw} kW · ${m.factory_name}${m.factory_location ? ` (${m.factory_location})` : ''}`),
    el('div', { class: 'card', 'data-panel': 'series' },
      el('div', { class: 'controls' }, el('label', {}, 'range', range), el('label', {}, 'interval', interval), el('label', {}, 'metric', metric)),
      el('div', { class: 'muted' }, `Times in the factory's local time (${zone}).`), seriesNote, seriesBox),
    kpiCard, el('div', { class: 'cols' }, heatCard, anomalyCard), el('div', { class: 'cols' }, forecastCard, scheduleCard));

  const period = () => {
    const end = new Date();
    end.setUTCSeconds(0, 0);
    const start = new Date(end.getTime() - RANGES[range.value] * 3600_000);
    return { start: iso(start), end: iso(end) };
  };
  // the series starts on a bucket's boundary, so its first bucket is a whole one; days are the factory's local days
  // (timezone=factory), 23 or 25 hours across a clock change, so each bucket ends where the next local day begins
  const days = () => interval.value === '1day';
  const bucketEnd = b => days() ? startOfLocalDay(addDays(localDay(b, zone), 1), zone).getTime()
    : Date.parse(b) + STEP_MINUTES[interval.value] * 60_000;
  const seriesPeriod = () => {
    const { start, end } = period();
    const step = STEP_MINUTES[interval.value] * 60_000;
    const first = days() ? startOfLocalDay(localDay(start, zone), zone) : new Date(Math.floor(Date.parse(start) / step) * step);
    return { start: iso(first), end, chosen: start };
  };
  // a machine silent over the period: said so, in the chart's place and the KPIs' (was an empty chart and the
  // KPI route's "404: No data available for this period")
  const noReadings = (start, end) => notice(`No readings for ${m.name} between ${zonedTime(start, zone)} and ${zonedTime(end, zone)}.`, 'muted');

  async function drawSeries() {
    const fresh = latest.series();
    const { start, end, chosen: from } = seriesPeriod();
    const energy = metric.value === 'energy';
    let series, baseline;
    try {
      [series, baseline] = await Promise.all([
        get(`/api/v1/timeseries/${metric.value}`, { machine_id: id, start_time: start, end_time: end, interval: interval.value,
          timezone: days() ? 'factory' : undefined }),
        energy
          ? optional(get('/api/v1/baseline/deviation', { machine_id: id, start_time: start, end_time: end })).catch(e => ({ error: e }))
          : Promise.resolve({ skipped: true }),
      ]);
    } catch (e) {
      if (!fresh()) return; // a newer request's chart or error is on screen
      // the last range's chart must not stay under pickers that now say another range and interval
      clearChart(seriesBox);
      for (const k of ['start', 'end', 'points']) delete seriesBox.dataset[k];
      seriesNote.replaceChildren(notice(e.message, 'error'));
      return;
    }
    if (!fresh()) return;
    seriesBox.dataset.start = start;
    seriesBox.dataset.end = end;
    seriesNote.replaceChildren();
    if (!series.data_points.length) {
      clearChart(seriesBox);
      seriesBox.dataset.points = '0';
      seriesNote.replaceChildren(noReadings(from, end));
      return;
    }
    const unit = energy ? 'kWh' : 'kW';
    const points = series.data_points.map(p => [p.timestamp, p.value]);
    // the bucket still filling (now falls in it) is not a drop: a hollow marker, apart from the line
    const open = points.length && bucketEnd(points[points.length - 1][0]) > Date.parse(end) ? [points.pop()] : [];
    // a few buckets (a day of 1day buckets is one) get their points drawn: a lone point has no line to show it
    const few = n => n <= 31;
    const lines = [{ name: `actual (${unit})`, type: 'line', showSymbol: few(points.length), data: withGaps(points, bucketEnd) }];
    if (open.length) {
      lines.push({ name: `${interval.value} so far`, type: 'scatter', symbol: 'emptyCircle', symbolSize: 9, data: open });
    }
    if (baseline.data && baseline.data.deviations) {
      const expected = expectedLine(series.data_points.map(p => p.timestamp), baseline.data.deviations, bucketEnd);
      lines.push({ name: 'baseline expected', type: 'line', showSymbol: few(expected.filter(([, v]) => v !== null).length),
        lineStyle: { type: 'dashed' }, data: withGaps(expected, bucketEnd) });
    } else if (baseline.missing) {
      seriesNote.append(notAvailable('Baseline expected line'));
    } else if (notTrained(baseline.error)) {
      seriesNote.append(trainOffer('baseline model', '/api/v1/baseline/train', id, drawSeries));
    } else if (baseline.error) {
      seriesNote.append(notice(`Baseline: ${baseline.error.message}`, 'muted'));
    }
    // daily buckets are the factory's days: an axis of its dates (a time axis ticks at UTC midnights, 16:00 in
    // Los Angeles), each point at its day
    const daily = days();
    if (daily) for (const line of lines) line.data = line.data.map(([t, v]) => [localDay(t, zone), v]);
    chart(seriesBox, 'series', {
      // room between the legend and the axis's name, which met on a phone; a scrolling legend stays on one row
      // there (a second row lay on the axis's name)
      useUTC: true, tooltip: { trigger: 'axis', formatter: ps => daily ? dayTooltip(ps, zone, unit) : zonedTooltip(ps, zone, unit) },
      legend: { top: 0, type: 'scroll' }, grid: { left: 50, right: 20, top: 56, bottom: 64 },
      // every day from the first bucket's to the last one's: a day without readings keeps its place, empty
      xAxis: daily ? { type: 'category', data: dayRange(localDay(series.data_points[0].timestamp, zone),
        localDay(series.data_points[series.data_points.length - 1].timestamp, zone)) } : zonedAxis(zone),
      yAxis: { type: 'value', name: energy ? `kWh per ${daily ? 'day' : interval.value}` : unit },
      // the slider placed at the bottom, under the axis labels (left to ECharts it sat on them); the data shadow of a
      // few points, one alone, was drawn up over the legend and says nothing anyway
      dataZoom: [{ type: 'inside' }, { type: 'slider', left: 50, right: 20, bottom: 8, height: 24,
        showDataShadow: few(points.length) ? false : 'auto' }],
      series: lines,
    });
    seriesBox.dataset.points = String(series.data_points.length);
  }

  async function drawKpis() {
    const fresh = latest.kpis();
    const { start, end } = period();
    const shown = range.value;
    let k;
    try {
      k = await get('/api/v1/kpi/all', { machine_id: id, start, end });
    } catch (e) {
      if (!fresh()) return;
      const silent = e.status === 404 && e.body?.detail === 'No data available for this period';
      kpiCard.replaceChildren(el('h2', {}, silent ? `KPIs, last ${shown}` : 'KPIs'),
        silent ? noReadings(start, end) : notice(e.message, e.status === 404 ? 'muted' : 'error'));
      return;
    }
    if (!fresh()) return;
    kpiCard.dataset.start = start;
    kpiCard.dataset.end = end;
    const c = k.kpis.energy_cost;
    const currency = c.unit;
    const sec = k.kpis.sec;
    const months = k.kpis.demand_charge?.months || []; // the calendar months the demand charge bills
    kpiCard.replaceChildren(el('h2', {}, `KPIs, last ${shown}`),
      el('div', { class: 'stats' },
        stat('energy', num(k.totals.total_energy_kwh, 1), 'kWh', 'energy'),
        stat('average power', num(k.totals.avg_power_kw, 1), 'kW', 'avg-power'),
        stat('peak demand (15 min)', num(k.kpis.peak_demand.value, 1), 'kW', 'peak-demand'),
        stat('load factor', num(k.kpis.load_factor.percent, 1), '%', 'load-factor'),
        stat('SEC', sec.value === null ? '–' : num(sec.value, 3), sec.value === null ? (sec.reason || 'no production') : sec.unit, 'sec'),
        stat('energy cost', num(c.value, 2), currency, 'energy-cost'),
        stat('total cost', num(c.total_cost ?? c.value, 2), currency, 'total-cost'),
        stat('carbon', num(k.kpis.carbon_intensity.value, 1), 'kg CO2', 'carbon')),
      // hours a stuck meter did not measure: the figures over them are a repeated reading (the API's data_quality),
      // said in the API's own words where it gives them (one definition: its sentence names power too)
      ...(k.data_quality || []).map(w => el('div', { 'data-quality': w.type }, notice(w.message
        || `Not measured: the meter repeated one reading for ${num(w.hours, 1)} h from ${zonedTime(w.start, zone)}; `
        + 'energy, cost, carbon and SEC of those hours are that reading.', 'error'))),
      el('h3', { style: 'margin-top:14px' }, 'Cost breakdown'),
      scrollTable(el('table', { 'data-table': 'cost-breakdown' },
        // the bands bill kWh and the demand charge kW: generic columns, each cell with its own unit
        el('thead', {}, el('tr', {}, el('th', {}, 'band'), el('th', { class: 'n' }, 'quantity'), el('th', { class: 'n' }, 'rate'), el('th', { class: 'n' }, `cost (${currency})`))),
        el('tbody', {},
          (c.breakdown || []).map(b => el('tr', { 'data-band': b.band }, el('td', {}, b.band), el('td', { class: 'n' }, `${num(b.energy_kwh, 1)} kWh`),
            el('td', { class: 'n' }, `${num(b.rate, 4)} ${currency}/kWh`), el('td', { class: 'n' }, num(b.cost, 2)))),
          el('tr', { 'data-band': 'demand' }, el('td', {}, 'demand charge'),
            el('td', { class: 'n' }, months.length > 1 ? 'each month’s peak' : `${num(k.kpis.demand_charge?.peak_demand_kw, 1)} kW`),
            el('td', { class: 'n', title: demandMonths(k.kpis.demand_charge) },
              demandRate(k.kpis.demand_charge, currency)),
            // null in a period without readings (or without a tariff), as the total: '–', not a 0.00 beside a '–' total
            el('td', { class: 'n' }, num(c.demand_charge, 2))),
          // a period over two months bills each month on its own peak: a row each, so that the sum can be checked
          months.length > 1 ? months.map(m => el('tr', { 'data-band': 'demand-month', 'data-month': m.month },
            el('td', { style: 'padding-left:1.5em' }, m.month),
            el('td', { class: 'n' }, `${num(m.peak_demand_kw, 1)} kW`),
            el('td', { class: 'n' }, `${num(m.rate_per_kw ?? k.kpis.demand_charge.rate_per_kw, 2)} ${currency}/kW-month × ${num(m.share_of_month, 3)}`),
            el('td', { class: 'n' }, num(m.value, 2)))) : null,
          el('tr', {}, el('th', {}, 'total'), el('td'), el('td'), el('th', { class: 'n' }, money(c.total_cost ?? c.value, currency)))))));
  }

  async function drawHeatmap() {
    const fresh = latest.heatmap();
    // the factory's own days, today the last: the API's rows and hours are in its local time
    const endDay = localDay(Date.now(), zone);
    const startDay = addDays(endDay, 1 - Math.max(RANGES[range.value], 24 * 7) / 24);
    let h;
    try {
      h = await get('/api/v1/heatmap/hourly', { machine_id: id, start_date: startDay, end_date: endDay });
    } catch (e) {
      if (!fresh()) return;
      clearChart(heatBox); // a failed load leaves no old days behind, and the next one draws a new chart
      heatNote.replaceChildren(notice(e.message, 'muted'));
      return;
    }
    if (!fresh()) return;
    heatNote.replaceChildren();
    heatBox.dataset.start = startDay;
    heatBox.dataset.end = endDay;
    const dates = [...new Set(h.data.map(d => d.date))];
    const max = Math.max(1e-9, ...h.data.map(d => d.value ?? 0));
    heatBox.style.height = `${Math.max(320, 130 + dates.length * 16)}px`; // a row per day stays legible at 30 days
    chart(heatBox, 'heatmap', {
      tooltip: { position: 'top', formatter: p => `${dates[p.value[1]]} ${p.value[0]}:00 — ${num(p.value[2], 1)} ${h.unit}` },
      grid: { left: 90, right: 20, top: 10, bottom: 100 },
      xAxis: { type: 'category', data: [...Array(24).keys()].map(String), name: `hour (the factory's local time, ${zone})`, nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'category', data: dates, axisLabel: { interval: 0, fontSize: 11 } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, text: [h.unit, ''] },
      // hours with a stored anomaly get a red border
      series: [{ type: 'heatmap', data: h.data.filter(d => d.value !== null).map(d => ({ value: [String(d.hour), dates.indexOf(d.date), d.value],
        itemStyle: d.anomaly ? { borderColor: '#c62828', borderWidth: 2 } : undefined })) }],
    });
  }

  async function drawForecast() {
    const title = forecastCard.firstElementChild;
    let r;
    try {
      r = await optional(post('/api/v1/forecast/predict', { machine_id: id, forecast_hours: 24 }));
    } catch (e) {
      if (!view.alive) return;
      forecastCard.replaceChildren(title, notTrained(e)
        ? trainOffer('forecast model', FORECAST_TRAINING, id, () => Promise.all([drawForecast(), drawSchedule()]))
        : notice(`Forecast: ${e.message}`, 'muted'));
      return;
    }
    if (!view.alive) return;
    if (r.missing) { forecastCard.replaceChildren(title, notAvailable('Forecasting')); return; }
    const p = r.data.predictions || [];
    const box = el('div');
    // how the model did on the hours it was trained without, and the API's warning when that was poor (a forecast
    // off by half read as any other)
    const acc = r.data.accuracy || {};
    const held = acc.rmse !== null && acc.rmse !== undefined
      ? ` · typical error ${num(acc.rmse, 1)} kWh an hour over the last ${acc.held_out_hours} hours it was trained without` : '';
    forecastCard.replaceChildren(title, el('div', { class: 'muted' },
      `${r.data.model_type || 'model'} · total ${num(r.data.total_predicted_energy, 1)} kWh · times in ${zone}${held}`),
      ...(acc.warning ? [notice(acc.warning, 'warning')] : []), box);
    // the API stamps each hour's prediction at the hour's end (10:00 is 09:00-10:00); the series, the heatmap and the
    // schedule name an hour by its start: drawn at its start, the forecast's morning rise is where the readings' is,
    // not an hour later, and the tooltip names both ends
    const hourStart = x => new Date(Date.parse(x.timestamp) - HOUR).toISOString();
    chart(box, 'forecast', {
      useUTC: true,
      // the band is drawn as lower + width (stacked): the tooltip names the bounds themselves
      tooltip: { trigger: 'axis', formatter: ps => { const x = p[ps[0].dataIndex];
        return `${zonedTime(hourStart(x), zone)} – ${zonedTime(x.timestamp, zone, { date: false })}<br>forecast ${num(x.predicted_energy, 1)} kWh`
        + `<br>band ${num(x.lower_bound, 1)} – ${num(x.upper_bound, 1)} kWh`; } },
      legend: { top: 0, data: ['forecast', 'band'] }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: zonedAxis(zone), yAxis: { type: 'value', name: 'kWh' },
      series: [
        // stackStrategy 'all': a width over a lower bound below 0 was otherwise drawn from 0 (as on the detection page)
        { name: 'lower', type: 'line', stack: 'band', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, data: p.map(x => [hourStart(x), x.lower_bound]) },
        { name: 'band', type: 'line', stack: 'band', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.25 },
          data: p.map(x => [hourStart(x), x.upper_bound - x.lower_bound]) },
        { name: 'forecast', type: 'line', symbol: 'none', data: p.map(x => [hourStart(x), x.predicted_energy]) },
      ],
    });
  }

  // the production target of the plan: a usual day's output, the median of the factory's days with production over
  // the last 28 (the last 24 hours made 0 on a Monday morning, and the plan fell back to seed 001's example of
  // 1000); none when no production is known, and the page asks for one. The first plan waits for it
  const target = el('input', { type: 'number', name: 'production_target', min: 1, value: '', style: 'width:7em' });
  const maxHours = el('input', { type: 'number', name: 'max_runtime_hours', min: 1, max: 24, value: 20, style: 'width:4em' });
  const plan = el('button', { class: 'secondary', onclick: () => drawSchedule() }, 'Plan');
  const targetLabel = el('span', {}, 'production target');
  const scheduleForm = el('div', { class: 'controls' }, el('label', {}, targetLabel, target), el('label', {}, 'max hours', maxHours), plan);
  let targetNote = null; // why the target is empty, when it is
  // a machine that records no production (a boiler, an air handler) is planned for hours run instead (the API's
  // operating_hours): "when is the best time to run the boiler tomorrow?"
  let byHours = false;
  // whole days only: today's part would pull the median down
  const days28 = { machine_id: id, start_time: startOfLocalDay(addDays(localDay(Date.now(), zone), -28), zone).toISOString(),
    end_time: startOfLocalDay(localDay(Date.now(), zone), zone).toISOString(), interval: '1day', timezone: 'factory' };
  const targetReady = Promise.all([get('/api/v1/timeseries/energy', days28), get('/api/v1/timeseries/sec', days28)])
    .then(([energy, sec]) => {
      // a day's units are its energy over its SEC (kWh per unit)
      const kwh = new Map(energy.data_points.map(p => [p.timestamp, p.value]));
      const units = sec.data_points.map(p => kwh.get(p.timestamp) / p.value).filter(u => u > 0).sort((a, b) => a - b);
      if (units.length) target.value = Math.round(units[Math.floor(units.length / 2)]);
      else {
        byHours = true;
        targetLabel.textContent = 'hours to run';
        target.name = 'operating_hours';
        target.max = 24;
        target.value = 8;
        targetNote = 'No production was recorded in the last 28 days: the plan is for the cheapest hours to run.';
      }
    }).catch(e => { targetNote = `The last 28 days' production could not be read (${e.message}): enter a target.`; });

  async function drawSchedule() {
    const fresh = latest.schedule();
    const title = scheduleCard.firstElementChild;
    await targetReady;
    // the factory's tomorrow: a Munich plant's tomorrow starts while it is still today in UTC
    const tomorrow = addDays(localDay(Date.now(), zone), 1);
    title.textContent = `Cheapest schedule for tomorrow, ${tomorrow}`;
    // checked here: an empty target went out as 0 and came back as a plan of nothing, 0.00 for 0.0 kWh
    const units = target.value.trim() === '' ? NaN : Number(target.value);
    const hours = maxHours.value.trim() === '' ? NaN : Number(maxHours.value);
    const problems = [
      !(units > 0) && [target, byHours ? 'Enter the hours to run, from 1 to 24.' : 'Enter a production target above 0 (the units to make tomorrow).'],
      byHours && units > 0 && !(Number.isInteger(units) && units <= 24) && [target, 'Hours to run is a whole number from 1 to 24.'],
      !(Number.isInteger(hours) && hours >= 1 && hours <= 24) && [maxHours, 'Max hours is a whole number from 1 to 24.'],
    ].filter(Boolean);
    for (const input of [target, maxHours]) input.setAttribute('aria-invalid', String(problems.some(([i]) => i === input)));
    if (problems.length) {
      const note = targetNote && target.value.trim() === '' ? [notice(targetNote, 'muted')] : [];
      scheduleCard.replaceChildren(title, scheduleForm, ...note, ...problems.map(([, text]) => notice(text, 'error')));
      return;
    }
    let r;
    try {
      r = await optional(post('/api/v1/forecast/optimal-schedule', { machine_id: id, date: tomorrow,
        constraints: byHours ? { operating_hours: units, max_runtime_hours: hours } : { production_target: units, max_runtime_hours: hours } }));
    } catch (e) {
      if (!fresh()) return;
      scheduleCard.replaceChildren(title, scheduleForm, ...(byHours ? [notice(targetNote, 'muted')] : []), notTrained(e)
        ? trainOffer('forecast model', FORECAST_TRAINING, id, () => Promise.all([drawForecast(), drawSchedule()]))
        : refusal(e));
      return;
    }
    if (!fresh()) return;
    if (r.missing) { scheduleCard.replaceChildren(title, notAvailable('Optimal schedule')); return; }
    const s = r.data;
    const box = el('div');
    const offset = s.schedule.find(x => x.utc_offset)?.utc_offset;
    scheduleCard.dataset.date = s.date || tomorrow;
    scheduleCard.replaceChildren(title, scheduleForm, ...(byHours ? [notice(targetNote, 'muted')] : []), el('div', { class: 'stats' },
      stat('estimated cost', num(s.estimated_cost, 2), s.currency, 'schedule-cost'),
      stat('estimated energy', num(s.estimated_energy, 1), 'kWh', 'schedule-energy'),
      // savings against what: the machine's usual hours (the API's usual_hours and usual_cost); "savings" alone read as
      // against nothing said
      stat(s.usual_cost != null ? 'savings vs its usual hours' : 'savings', num(s.cost_savings, 2), s.currency, 'schedule-savings')),
    s.usual_cost != null && s.usual_hours?.length ? el('div', { class: 'muted', 'data-usual': '' },
      `At its usual hours (${hourSpans(s.usual_hours)}, as on most of the last 28 days) the same would cost ${money(s.usual_cost, s.currency)}.`) : null,
    el('div', { class: 'muted' }, `Hours of ${s.date || tomorrow} in the factory's local time (${zone}${offset ? `, UTC${offset}` : ''}).`), box);
    const hourOf = x => x.local_time || `${String(x.hour).padStart(2, '0')}:00`;
    chart(box, 'schedule', {
      tooltip: { trigger: 'axis', formatter: ps => { const x = s.schedule[ps[0].dataIndex];
        return `${hourOf(x)}${x.utc_offset ? ` (UTC${x.utc_offset})` : ''} ${x.operate ? 'run' : 'off'} ${x.reason || ''}`; } },
      grid: { left: 50, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: s.schedule.map(hourOf) }, yAxis: { type: 'value', name: 'kW' },
      series: [{ type: 'bar', data: s.schedule.map(x => ({ value: x.operate ? (x.expected_power ?? 1) : 0 })) }],
    });
  }

  /** The API's refusal in its own words (no field paths); a target out of reach offers the amount that is reachable. */
  function refusal(e) {
    const reachable = e.status === 400 && /not reachable: at most ([\d.]+) units/.exec(e.plain || '');
    const box = notice(`Schedule: ${e.plain || e.message}`, e.status >= 400 && e.status < 500 ? 'error' : 'muted');
    if (reachable && Number(reachable[1]) > 0) {
      box.append(' ', el('button', { class: 'secondary', onclick: () => { target.value = reachable[1]; drawSchedule(); } },
        `Plan for ${reachable[1]} units`));
    }
    return box;
  }

  const seriesFailed = e => { if (view.alive) seriesNote.replaceChildren(notice(e.message, 'error')); };
  const redraw = () => Promise.all([drawSeries().catch(seriesFailed), drawKpis(), drawHeatmap(),
    activeAnomaliesPanel(anomalyCard, { machineId: id, hours: RANGES[range.value], zoneOf: () => zone })]);
  // a picker changes the URL (a history entry), and the URL the page: one way whether chosen here, by the back button
  // or in a link
  const show = choice => { window.location.hash = `${window.location.hash.split('?')[0]}?${new URLSearchParams(choice)}`; };
  range.addEventListener('change', () => show({ ...chosen, range: range.value, interval: DEFAULT_INTERVAL[range.value] }));
  interval.addEventListener('change', () => show({ ...chosen, interval: interval.value }));
  metric.addEventListener('change', () => show({ ...chosen, metric: metric.value }));
  view.onQuery(q => {
    const before = chosen;
    chosen = choose(q);
    if (chosen.range !== before.range) redraw();
    else if (chosen.interval !== before.interval || chosen.metric !== before.metric) drawSeries().catch(seriesFailed);
  });
  await Promise.all([redraw(), drawForecast(), drawSchedule()]);
}

/** A ticket dispenser: `const fresh = next()` before a request, and `fresh()` after it says it is still the latest. */
function ticket(view) {
  let last = 0;
  return () => {
    const mine = ++last;
    return () => mine === last && view.alive;
  };
}

const iso = d => d.toISOString().replace('.000Z', 'Z');

/** A figure rounded to what a reader can use: a day's 1,300 kWh to one decimal, a minute's 0.068 to three. */
const figure = v => (v === null || v === undefined ? '–' : num(v, Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 2 : 3));

/** An axis tooltip of time series: the factory's time with its zone's name, each series' figure with its unit. */
/** A daily chart's tooltip: the factory's date, its zone named. */
function dayTooltip(ps, zone, unit) {
  const value = p => (Array.isArray(p.value) ? p.value[1] : p.value);
  return [`${ps[0].axisValue} (the factory's day, ${zone})`,
    ...ps.map(p => `${p.marker}${p.seriesName.replace(/ \(.*\)$/, '')}: <b>${figure(value(p))} ${unit}</b>`)].join('<br>');
}

function zonedTooltip(ps, zone, unit) {
  const value = p => (Array.isArray(p.value) ? p.value[1] : p.value);
  return [zonedTime(ps[0].axisValue, zone), ...ps.map(p => `${p.marker}${p.seriesName.replace(/ \(.*\)$/, '')}: <b>${figure(value(p))} ${unit}</b>`)].join('<br>');
}

/**
 * A line's points with a break where buckets are missing: the API leaves a bucket without readings out (no data, not
 * zero), and a line drawn straight from the bucket before to the one after showed hours nobody measured as if they
 * had been. A null at the end of the bucket before (the first missing one) breaks it.
 */
export function withGaps(points, bucketEnd) {
  const out = [];
  points.forEach((p, i) => {
    if (i > 0) {
      const gapStart = bucketEnd(points[i - 1][0]);
      if (gapStart < Date.parse(p[0])) out.push([new Date(gapStart).toISOString(), null]);
    }
    out.push(p);
  });
  return out;
}

/** Local hours as spans of the clock: [6, 7, 8, 13] is "06:00–09:00, 13:00–14:00". */
export function hourSpans(hours) {
  const at = h => `${String(h % 24).padStart(2, '0')}:00`;
  const sorted = [...new Set(hours)].sort((a, b) => a - b), spans = [];
  for (const h of sorted) {
    const last = spans[spans.length - 1];
    if (last && last[1] === h) last[1] = h + 1; else spans.push([h, h + 1]);
  }
  return spans.map(([a, b]) => `${at(a)}–${at(b)}`).join(', ');
}

/** The days from `first` to `last` (YYYY-MM-DD), both included. */
function dayRange(first, last) {
  const days = [first];
  while (days[days.length - 1] < last) days.push(addDays(days[days.length - 1], 1));
  return days;
}

/**
 * The baseline's expected energy on the series' buckets. Each deviation row's `predicted` is the kWh of the row's
 * own bucket, whose length is the model's granularity (an hour, 15 minutes, ...): not said by the API, so read off
 * the rows' spacing. A chart bucket expects the part of each row it overlaps (a quarter of an hour's kWh for
 * 15 minutes, the sum of 96 quarters for a day), and only when rows cover all of it: a day short of hours would
 * look like a drop, and the bucket still filling has no whole row yet.
 */
export function expectedLine(buckets, deviations, bucketEnd) {
  const rows = deviations.filter(d => d && d.predicted !== null && d.predicted !== undefined)
    .map(d => [Date.parse(d.timestamp), d.predicted]).sort((a, b) => a[0] - b[0]);
  const span = rowSpan(rows);
  let first = 0; // the first row that may still overlap a bucket (buckets come in time order)
  return buckets.map(b => {
    const t0 = Date.parse(b), t1 = bucketEnd(b), step = t1 - t0;
    while (first < rows.length && rows[first][0] + span <= t0) first++;
    let sum = 0, covered = 0;
    for (let i = first; i < rows.length && rows[i][0] < t1; i++) {
      const overlap = Math.min(t1, rows[i][0] + span) - Math.max(t0, rows[i][0]);
      sum += rows[i][1] * overlap / span;
      covered += overlap;
    }
    return [b, covered === step ? sum : null];
  });
}

/** The length of a deviation row: the shortest gap between rows (a missing row only widens a gap); an hour for a lone row. */
function rowSpan(rows) {
  let span = Infinity;
  for (let i = 1; i < rows.length; i++) if (rows[i][0] > rows[i - 1][0]) span = Math.min(span, rows[i][0] - rows[i - 1][0]);
  return Number.isFinite(span) ? span : HOUR;
}

/** The months the demand charge bills, as shares of a month (a week is about 0.23 of one). */
function monthShare(d) {
  return (d?.months || []).reduce((sum, m) => sum + m.share_of_month, 0);
}

/** The demand rate's cell: one rate × the months' share, or "by month" when a tariff change gave the months different rates. */
function demandRate(d, currency) {
  if (d?.rate_per_kw == null) return '–';
  const rates = new Set((d.months || []).map(m => m.rate_per_kw ?? d.rate_per_kw));
  if (rates.size > 1) return 'by month (see tooltip)';
  return `${num(d.rate_per_kw, 2)} ${currency}/kW-month × ${num(monthShare(d), 3)}`;
}

/** Each month's part of the demand charge, for the cell's tooltip. */
function demandMonths(d) {
  return (d?.months || []).map(m => `${m.month}: peak ${num(m.peak_demand_kw, 1)} kW × ${num(m.share_of_month, 3)} of the month`
    + (m.rate_per_kw != null ? ` × ${num(m.rate_per_kw, 2)}/kW` : '') + ` = ${num(m.value, 2)}`).join('\n');
}
