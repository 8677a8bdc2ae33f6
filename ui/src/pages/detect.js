import { post } from '../api.js';
import { chart, clearChart, zonedAxis } from '../charts.js';
import { el, num, notice, scrollTable } from '../format.js';
import { parseSeries } from '../series.js';

const STEPS = [[1, 'secondly'], [60, 'minutely'], [3600, 'hourly'], [86400, 'daily'], [7 * 86400, 'weekly']];

/**
 * Azure's granularity (and customInterval) from the points' spacing: the shortest gap between neighbours, as a
 * missing point only widens one. The first two points' gap made an hourly series whose second value was empty (left
 * out) "every 2 hours", and the API refused the rest of it as off that grid.
 */
export function granularityOf(series) {
  let step = Infinity;
  for (let i = 1; i < series.length; i++) {
    const gap = (Date.parse(series[i].timestamp) - Date.parse(series[i - 1].timestamp)) / 1000;
    if (gap > 0) step = Math.min(step, gap);
  }
  if (!Number.isFinite(step)) return { granularity: 'minutely' };
  for (const [s, g] of STEPS.slice().reverse()) if (step >= s && step % s === 0) return step === s ? { granularity: g } : { granularity: g, customInterval: step / s };
  return { granularity: 'secondly' };
}

/** An hourly series of two weeks with a daily cycle and one obvious spike, to try the page with. */
export function exampleSeries() {
  const start = Date.UTC(2026, 0, 1);
  const lines = ['timestamp,value'];
  for (let i = 0; i < 24 * 14; i++) {
    const v = 50 + 20 * Math.sin((2 * Math.PI * (i % 24)) / 24) + ((i * 7919) % 13) / 13 * 2 + (i === 250 ? 90 : 0);
    lines.push(`${new Date(start + i * 3600_000).toISOString().replace('.000Z', 'Z')},${v.toFixed(3)}`);
  }
  return lines.join('\n');
}

/** Detection playground: paste or upload a series, see expected values, margins and anomalies. */
export default async function detect(app, _params, _query, view) {
  const text = el('textarea', { rows: 10, name: 'series', 'aria-label': 'Series to check (CSV or JSON)', placeholder: 'timestamp,value\n2026-01-01T00:00:00Z,50.1\n…  (or JSON: [{"timestamp":…,"value":…}] or an Azure request body)' });
  const file = el('input', { type: 'file', accept: '.csv,.json,.txt', name: 'file', 'aria-label': 'Upload a CSV or JSON file' });
  const sensitivity = el('input', { type: 'number', min: 0, max: 99, value: 95, name: 'sensitivity', style: 'width:5em' });
  const run = el('button', { 'data-action': 'detect' }, 'Detect');
  const example = el('button', { class: 'secondary', onclick: () => { text.value = exampleSeries(); } }, 'Example with a spike');
  const note = el('div');
  const zoneNote = el('div', { class: 'muted', 'data-zone-note': '' });
  const box = el('div', { class: 'chart tall' });
  const table = el('div');
  file.addEventListener('change', async () => { if (file.files[0]) text.value = await file.files[0].text(); });
  app.append(el('h1', {}, 'Detection playground'),
    el('div', { class: 'sub' }, 'The Azure Anomaly Detector compatible API (entire-series detection, v1.1) on your own data.'),
    el('div', { class: 'card' }, text, el('div', { class: 'controls', style: 'margin-top:8px' }, file, example,
      el('label', {}, 'sensitivity', sensitivity), run), note),
    el('div', { class: 'card' }, zoneNote, box, table));

  // a failed run leaves no chart of the previous one under its error, as if it were this series' result
  const failed = message => {
    clearChart(box);
    zoneNote.textContent = '';
    delete box.dataset.anomalies;
    note.append(notice(message, 'error'));
  };
  run.addEventListener('click', async () => {
    note.replaceChildren();
    table.replaceChildren();
    let parsed;
    try { parsed = parseSeries(text.value); } catch (e) { failed(e.message); return; }
    const { series } = parsed;
    for (const n of parsed.notes) note.append(notice(n, 'muted'));
    const body = { ...granularityOf(series), ...parsed.body, series, sensitivity: Number(sensitivity.value) };
    run.disabled = true;
    let r;
    try {
      // the dashboards' one key (asked for once on a 401), in a header the Azure-compatible API also reads
      r = await post('/anomalydetector/v1.1/timeseries/entire/detect', body);
    } catch (e) {
      if (view.alive) failed(e.message);
      return;
    } finally {
      run.disabled = false;
    }
    if (view.alive) render(series, r);
  });
  function render(series, r) {
    const ts = series.map(p => p.timestamp);
    const lower = r.expectedValues.map((e, i) => e - r.lowerMargins[i]);
    const upper = r.expectedValues.map((e, i) => e + r.upperMargins[i]);
    const anomalies = r.isAnomaly.map((a, i) => (a ? i : -1)).filter(i => i >= 0);
    box.dataset.anomalies = anomalies.join(',');
    zoneNote.textContent = 'Times in UTC, as in the table.';
    chart(box, 'detection', {
      // the axis in UTC as the table and the tooltip (in the browser's zone, 13:00Z sat at 14:00 of a Berlin browser)
      useUTC: true,
      // the range is drawn as lower + width (stacked): the tooltip names its bounds, formatted
      tooltip: { trigger: 'axis', formatter: ps => {
        const i = (ps.find(p => p.seriesName === 'value') || ps[0]).dataIndex;
        return `${ts[i]}<br>value ${num(series[i].value, 3)}<br>expected ${num(r.expectedValues[i], 3)}`
          + `<br>expected range ${num(lower[i], 3)} – ${num(upper[i], 3)}${r.isAnomaly[i] ? '<br><b>anomaly</b>' : ''}`;
      } },
      legend: { top: 0, data: ['value', 'expected', 'expected range', 'anomaly'] },
      grid: { left: 50, right: 20, top: 40, bottom: 60 }, xAxis: zonedAxis('UTC'), yAxis: { type: 'value', scale: true },
      dataZoom: [{ type: 'inside' }, { type: 'slider' }],
      // stackStrategy 'all': ECharts stacks a value only on a cumulated value of its sign by default, and the width
      // over an expected value below 0 was drawn from 0 (a band above the axis, away from the line it belongs to)
      series: [
        { name: 'lower', type: 'line', stack: 'margin', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, data: ts.map((t, i) => [t, lower[i]]) },
        { name: 'expected range', type: 'line', stack: 'margin', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.2 },
          data: ts.map((t, i) => [t, r.lowerMargins[i] + r.upperMargins[i]]) },
        { name: 'expected', type: 'line', symbol: 'none', lineStyle: { type: 'dashed' }, data: ts.map((t, i) => [t, r.expectedValues[i]]) },
        { name: 'value', type: 'line', symbol: 'none', data: series.map(p => [p.timestamp, p.value]) },
        { name: 'anomaly', type: 'scatter', symbolSize: 10, itemStyle: { color: '#c62828' }, data: anomalies.map(i => [ts[i], series[i].value]) },
      ],
    });
    table.replaceChildren(el('div', { class: 'muted' }, `${anomalies.length} ${anomalies.length === 1 ? 'anomaly' : 'anomalies'} in ${series.length} points · period ${r.period ?? '–'}`),
      scrollTable(el('table', { 'data-table': 'anomalies' },
        el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'timestamp'), el('th', { class: 'n' }, 'value'), el('th', { class: 'n' }, 'expected'),
          el('th', { class: 'n' }, 'band'), el('th', {}, 'direction'), el('th', { class: 'n' }, 'severity'))),
        el('tbody', {}, anomalies.map(i => el('tr', { 'data-index': i },
          el('td', {}, i), el('td', {}, ts[i]), el('td', { class: 'n' }, num(series[i].value, 3)), el('td', { class: 'n' }, num(r.expectedValues[i], 3)),
          el('td', { class: 'n' }, `${num(lower[i], 2)} – ${num(upper[i], 2)}`),
          el('td', {}, r.isPositiveAnomaly[i] ? 'above' : 'below'), el('td', { class: 'n' }, r.severity ? num(r.severity[i], 3) : '–')))))));
  }
}
