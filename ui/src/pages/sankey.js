import { get } from '../api.js';
import { chart, clearChart } from '../charts.js';
import { el, num, notice, scrollTable, localDay, addDays, browserZone } from '../format.js';

/** A factory's energy flows for one day: grid → factory → departments → machines. */
export default async function sankey(app, _params, query, view) {
  // the factories route names no zone: the machines route does (a factory without machines gets the browser's)
  const [factories, machines] = await Promise.all([get('/api/v1/sankey/factories'), get('/api/v1/machines').catch(() => [])]);
  if (!view.alive) return;
  const zones = new Map(machines.map(m => [m.factory_id, m.factory_timezone]));
  // the default day is the factory's yesterday, its last whole day: UTC's was the plant's unfinished today in the
  // evening of Los Angeles, or two days back just after midnight in Berlin
  const yesterday = () => { const zone = zones.get(factory.value) || browserZone(); return addDays(localDay(Date.now(), zone), -1); };
  let drawn = 0; // the latest draw: an older answer arriving late is dropped
  const factory = el('select', { name: 'factory' }, factories.map(f => el('option', { value: f.id }, f.name)));
  // a link's factory the API does not know (a typo, a factory gone) left the picker blank, and the request without a
  // factory_id drew every factory's flows, their days in different zones, under it: the first factory, and said so
  const choice = el('div');
  const date = el('input', { type: 'date', name: 'date' });
  let datePicked = false; // until a day is picked, another factory gets its own yesterday
  // the factory and the day are the hash's query (#/sankey?factory_id=…&date=2026-01-31), written when picked: a
  // reload, a shared link or the back button shows the same day's flows (a pick was lost on a reload)
  const choose = q => {
    const asked = q.get('factory_id');
    const unknown = asked && !factories.some(f => f.id === asked);
    factory.value = asked && !unknown ? asked : factories[0]?.id ?? '';
    choice.replaceChildren(...(unknown ? [notice(factories.length
      ? `No factory ${asked}: showing ${factories[0].name}.` : `No factory ${asked}.`, 'error')] : []));
    datePicked = /^\d{4}-\d\d-\d\d$/.test(q.get('date') || '');
    date.value = datePicked ? q.get('date') : yesterday();
  };
  choose(query);
  const box = el('div', { class: 'chart tall' });
  const note = el('div');
  const table = el('div');
  app.append(el('h1', {}, 'Energy flows'), el('div', { class: 'sub' }, 'Where a factory\'s energy went on one day, from the grid to each machine.'),
    el('div', { class: 'card' }, el('div', { class: 'controls' }, el('label', {}, 'factory', factory), el('label', {}, 'day', date)), choice, note, box, table));
  if (!factories.length) { note.append(notice('No factories yet.', 'muted')); return; }

  async function draw() {
    const mine = ++drawn;
    note.replaceChildren();
    // an emptied picker sent no date, and the API's default day was drawn under it
    if (!date.value) { clearChart(box); table.replaceChildren(); note.append(notice('Pick a day.', 'muted')); return; }
    let s;
    try {
      s = await get('/api/v1/sankey/data', { factory_id: factory.value, date: date.value });
    } catch (e) {
      if (mine !== drawn || !view.alive) return;
      // the other day's or factory's flows must not stay under this choice
      clearChart(box);
      table.replaceChildren();
      note.append(notice(e.message, e.status === 404 ? 'muted' : 'error'));
      return;
    }
    if (mine !== drawn || !view.alive) return;
    // machines whose meter sent nothing that day: their flows of 0 kWh are no data, not an idle day
    const silent = s.metadata?.machines_without_readings || [];
    if (silent.length) note.append(notice(`No readings that day from ${silent.join(', ')}: their 0 kWh is missing data.`, 'muted'));
    const name = new Map(s.nodes.map(n => [n.id, n.name]));
    // names go into the tooltip's HTML: escaped, as a machine may be named anything
    const label = idOrName => escapeHtml(name.get(idOrName) || idOrName);
    // each column's names sit in the gap before its nodes, wrapped to the gap's width (the grid's on its own bar):
    // labels on both sides of a gap ran into each other on a 390 px phone
    const nodeWidth = 20;
    const gap = Math.max(60, Math.floor((box.clientWidth - 20 - 4 * nodeWidth) / 3));
    // lines end at spaces and hyphens ("HVAC-EU-" / "North"): ECharts' own breaking cut words anywhere; it still
    // breaks a single word too long for the gap
    const fontSize = gap < 100 ? 11 : 12; // a phone's gap of 77 px holds "Manufacturing" at 11 px, not at 12
    const inGap = { position: 'left', width: gap - 6, overflow: 'break', lineHeight: 14, fontSize,
      formatter: p => wrapWords(name.get(p.name) || p.name, gap - 6, fontSize) };
    chart(box, 'sankey', {
      tooltip: { trigger: 'item', formatter: p => p.dataType === 'edge'
        ? `${label(p.data.source)} → ${label(p.data.target)}: ${num(p.data.value, 1)} kWh` : label(p.name) },
      series: [{
        type: 'sankey', emphasis: { focus: 'adjacency' }, nodeAlign: 'left', layoutIterations: 32, left: 10, right: 10, nodeWidth,
        // ECharts keys nodes by name: the API's node ids are unique, its names label them
        data: s.nodes.map(n => ({ name: n.id })),
        links: s.links.map(l => ({ source: l.source, target: l.target, value: l.value })),
        label: { formatter: p => name.get(p.name) || p.name },
        levels: [{ depth: 0, label: { position: 'inside', rotate: 90 } },
          { depth: 1, label: inGap }, { depth: 2, label: inGap }, { depth: 3, label: inGap }],
      }],
    });
    const machines = s.links.filter(l => l.target.startsWith('machine_'));
    table.replaceChildren(scrollTable(el('table', { 'data-table': 'flows' },
      el('thead', {}, el('tr', {}, el('th', {}, 'machine'), el('th', {}, 'from'), el('th', { class: 'n' }, 'kWh'), el('th', { class: 'n' }, '% of department'))),
      el('tbody', {}, machines.map(l => el('tr', { 'data-node': l.target },
        el('td', {}, name.get(l.target)), el('td', {}, name.get(l.source)), el('td', { class: 'n' }, num(l.value, 2)), el('td', { class: 'n' }, num(l.percentage, 2))))))));
  }
  // a pick changes the URL (a history entry), and the URL the page (onQuery); an emptied day is no link to keep
  const show = params => { window.location.hash = `${window.location.hash.split('?')[0]}?${new URLSearchParams(params)}`; };
  factory.addEventListener('change', () => show(datePicked ? { factory_id: factory.value, date: date.value } : { factory_id: factory.value }));
  date.addEventListener('change', () => { if (date.value) show({ factory_id: factory.value, date: date.value }); else draw(); });
  view.onQuery(q => { choose(q); draw(); });
  await draw();
}

const escapeHtml = t => String(t).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

let measure = null;
/** `text` in lines no wider than `width` px (in ECharts' sans-serif of `size` px), broken after spaces and hyphens only. */
export function wrapWords(text, width, size) {
  measure = measure || document.createElement('canvas').getContext('2d');
  measure.font = `${size}px sans-serif`;
  const lines = [];
  let line = '';
  for (const word of String(text).split(/(?<=[\s-])/)) {
    if (line && measure.measureText((line + word).trimEnd()).width > width) { lines.push(line.trimEnd()); line = ''; }
    line += word;
  }
  if (line) lines.push(line.trimEnd());
  return lines.join('\n');
}
