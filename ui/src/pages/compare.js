import { get } from '../api.js';
import { chart, clearChart } from '../charts.js';
import { el, num, money, notice, scrollTable, localDay, addDays, browserZone, NO_MACHINES } from '../format.js';

/** Machines side by side over a period: energy, cost (in each machine's currency), ranking. */
export default async function compare(app, _params, query, view) {
  // the machines route names each machine's factory zone (the comparison's list does not)
  const [available, machines] = await Promise.all([get('/api/v1/comparison/available'), get('/api/v1/machines').catch(() => [])]);
  if (!view.alive) return;
  const zoneOf = new Map(machines.map(m => [m.id, m.factory_timezone]));
  let drawn = 0; // the latest draw: an older answer arriving late is dropped
  const boxes = available.map(m => el('label', {}, el('input', { type: 'checkbox', value: m.id }), m.name));
  const start = el('input', { type: 'date', name: 'start_date' });
  const end = el('input', { type: 'date', name: 'end_date' });
  // the last 7 days, today the seventh (the API counts both end days: today - 7 compared 8 days), in the machines'
  // factory zone (the browser's when they are in several): UTC's today was already tomorrow in the evening of Los Angeles
  const checked = () => boxes.map(b => b.querySelector('input')).filter(i => i.checked).map(i => i.value);
  const defaultDays = () => {
    const zones = new Set(checked().map(id => zoneOf.get(id) || browserZone()));
    const today = localDay(Date.now(), zones.size === 1 ? [...zones][0] : browserZone());
    start.value = addDays(today, -6);
    end.value = today;
  };
  let datesPicked = false; // until dates are picked, another choice of machines gets its zone's days
  // the choice is the hash's query (#/compare?machine_ids=a,b&start_date=2026-01-01&end_date=2026-01-07), written by
  // Compare: a reload or a shared link compares the same, the back button the choice before (a link's dates were
  // not read, and nothing was written back)
  const DAY = /^\d{4}-\d\d-\d\d$/;
  const choose = q => {
    const ids = new Set((q.get('machine_ids') || available.slice(0, 3).map(m => m.id).join(',')).split(',').filter(Boolean));
    for (const b of boxes) b.querySelector('input').checked = ids.has(b.querySelector('input').value);
    const [from, to] = [q.get('start_date'), q.get('end_date')];
    datesPicked = DAY.test(from || '') && DAY.test(to || '');
    if (datesPicked) { start.value = from; end.value = to; } else defaultDays();
  };
  choose(query);
  for (const input of [start, end]) input.addEventListener('change', () => { datesPicked = true; });
  for (const b of boxes) b.querySelector('input').addEventListener('change', () => { if (!datesPicked) defaultDays(); });
  const go = el('button', {}, 'Compare');
  const note = el('div');
  const box = el('div');
  const table = el('div');
  app.append(el('h1', {}, 'Compare machines'), el('div', { class: 'sub' }, 'Lower is better. The rule of the ranking is under the table: energy per unit only between machines of one type that all count units, cost only in one currency, else energy.'),
    el('div', { class: 'card' }, el('div', { class: 'controls' }, boxes), el('div', { class: 'controls' },
      el('label', {}, 'from', start), el('label', {}, 'to', end), go), note, box, table));

  // the figures of an earlier choice must not stay under a new one that failed or is incomplete
  const clear = () => { clearChart(box); table.replaceChildren(); };

  async function draw() {
    const mine = ++drawn;
    note.replaceChildren();
    const ids = checked();
    if (available.length < 2) { clear(); note.append(notice(available.length ? `${available[0].name} is the only machine: nothing to compare it with yet.` : NO_MACHINES, 'muted')); return; }
    if (ids.length < 2) { clear(); note.append(notice('Pick at least two machines.', 'muted')); return; }
    // an emptied date went out as no date, and came back as the API's "query.start_date Field required"
    if (!start.value || !end.value) { clear(); note.append(notice('Pick the first and the last day.', 'muted')); return; }
    let r;
    try {
      r = await get('/api/v1/comparison/machines', { machine_ids: ids.join(','), start_date: start.value, end_date: end.value, metrics: 'energy,power,cost,sec' });
    } catch (e) {
      if (mine !== drawn || !view.alive) return;
      clear();
      note.append(notice(e.message, 'error'));
      return;
    }
    if (mine !== drawn || !view.alive) return;
    // machines of factories in different zones, over a period not ended: their local days have run for different hours
    // (Berlin's 9 more than Los Angeles'), and the totals compare unequal spans; the API says so, and so does the page
    if (r.note) note.append(el('div', { 'data-note': 'comparison' }, notice(`${r.note.replace(/\.$/, '')}.`, 'warning')));
    chart(box, 'comparison', {
      tooltip: { trigger: 'axis', valueFormatter: v => `${num(v, 1)} kWh` }, grid: { left: 60, right: 20, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: r.machines.map(x => x.machine_name), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value', name: 'kWh' },
      series: [{ name: 'energy', type: 'bar', data: r.machines.map(x => x.metrics.total_energy) }],
    });
    table.replaceChildren(scrollTable(el('table', { 'data-table': 'comparison' },
      el('thead', {}, el('tr', {}, el('th', {}, 'rank'), el('th', {}, 'machine'), el('th', { class: 'n' }, 'energy (kWh)'),
        el('th', { class: 'n' }, 'avg power (kW)'), el('th', { class: 'n' }, 'cost'), el('th', { class: 'n' }, 'SEC (kWh/unit)'))),
      el('tbody', {}, r.machines.map(x => el('tr', { 'data-machine': x.machine_id },
        // a machine without readings in the period is ranked last by the API, with a note: no rank to read here
        el('td', {}, x.note ? '–' : (x.rank ?? '–')), el('td', {}, el('a', { href: `#/machine/${x.machine_id}` }, x.machine_name),
          x.note ? el('span', { class: 'muted' }, ` (${x.note.replace(/\.$/, '').toLowerCase()})`) : null),
        el('td', { class: 'n', 'data-energy': x.machine_id }, num(x.metrics.total_energy, 1)),
        el('td', { class: 'n' }, num(x.metrics.avg_power, 1)),
        el('td', { class: 'n' }, money(x.metrics.total_cost, x.metrics.currency)), // null or absent: '–' alone, not '– USD'
        el('td', { class: 'n' }, num(x.metrics.sec, 3))))))),
    el('div', { class: 'muted' }, r.ranking ? r.ranking.rule : ''));
  }
  const asked = () => new URLSearchParams({ machine_ids: checked().join(','), start_date: start.value, end_date: end.value }).toString();
  go.addEventListener('click', () => {
    const [path, current = ''] = window.location.hash.split('?');
    // the URL says the choice, and the page follows it (onQuery); the same choice again reads the figures again
    // an incomplete choice is not a link to keep: draw() says what is missing
    const complete = checked().length >= 2 && start.value && end.value;
    if (!complete || current === asked()) draw(); else window.location.hash = `${path}?${asked()}`;
  });
  view.onQuery(q => { choose(q); draw(); });
  await draw();
}
