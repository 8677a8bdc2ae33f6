import { get } from '../api.js';
import { chart, clearChart } from '../charts.js';
import { el, num, notice, isoDay, scrollTable } from '../format.js';

/** A factory's energy flows for one day: grid → factory → departments → machines. */
export default async function sankey(app, _params, query, view) {
  const factories = await get('/api/v1/sankey/factories');
  if (!view.alive) return;
  let drawn = 0; // the latest draw: an older answer arriving late is dropped
  const factory = el('select', { name: 'factory' }, factories.map(f => el('option', { value: f.id }, f.name)));
  if (query.get('factory_id')) factory.value = query.get('factory_id');
  const date = el('input', { type: 'date', name: 'date', value: query.get('date') || isoDay(Date.now() - 24 * 3600_000) });
  const box = el('div', { class: 'chart tall' });
  const note = el('div');
  const table = el('div');
  app.append(el('h1', {}, 'Energy flows'), el('div', { class: 'sub' }, 'Where a factory\'s energy went on one day, from the grid to each machine.'),
    el('div', { class: 'card' }, el('div', { class: 'controls' }, el('label', {}, 'factory', factory), el('label', {}, 'day', date)), note, box, table));

  async function draw() {
    const mine = ++drawn;
    note.replaceChildren();
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
    const name = new Map(s.nodes.map(n => [n.id, n.name]));
    // names go into the tooltip's HTML: escaped, as a machine may be named anything
    const label = idOrName => escapeHtml(name.get(idOrName) || idOrName);
    // each column's names sit in the gap before its nodes, wrapped to the gap's width (the grid's on its own bar):
    // labels on both sides of a gap ran into each other on a 390 px phone
    const nodeWidth = 20;
    const gap = Math.max(60, Math.floor((box.clientWidth - 20 - 4 * nodeWidth) / 3));
    const inGap = { position: 'left', width: gap - 8, overflow: 'break', lineHeight: 14 };
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
  factory.addEventListener('change', draw);
  date.addEventListener('change', draw);
  await draw();
}

const escapeHtml = t => String(t).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
