import { get, put, optional } from '../api.js';
import { el, num, notice, notAvailable, scrollTable, zonedTime, words } from '../format.js';

const loads = new WeakMap(); // card -> its latest load: an older answer arriving late is dropped
const PAGE = 20; // rows shown at first and per "show more": a plant's backlog of hundreds made a page-long table

/**
 * The anomalies table (seed 001: GET /api/v1/anomaly/active, or /anomaly/recent for one machine), each
 * unresolved one with a Resolve button (PUT /api/v1/anomaly/{id}/resolve, the whole incident: an air leak of three
 * hourly anomalies is fixed once). An anomaly that is part of a longer incident says how long it ran and the energy
 * above or below expectation over all of it. Says "not available yet" while the anomaly function is not deployed.
 */
/** What the anomaly's incident adds when it is longer than the anomaly: its length, start and energy over all of it. */
export function incidentNote(a, zone) {
  const i = a.incident;
  if (!i || i.anomalies < 2) return null;
  const kwh = i.deviation_kwh === null || i.deviation_kwh === undefined ? ''
    : `, ${i.deviation_kwh >= 0 ? '+' : ''}${num(i.deviation_kwh, 1)} kWh against expectation over all of it`;
  return el('div', { class: 'muted', 'data-incident': i.id },
    `Part of an incident of ${num(i.duration_hours, 1)} h from ${zonedTime(i.start, zone)} (${i.anomalies} anomalies${kwh})`);
}

export async function activeAnomaliesPanel(card, { machineId, hours, zoneOf = () => null }) {
  const mine = {};
  loads.set(card, mine);
  const fresh = () => loads.get(card) === mine && card.isConnected;
  const title = card.querySelector('h2') || el('h2', {}, 'Anomalies');
  const load = () => machineId
    ? get('/api/v1/anomaly/recent', { machine_id: machineId, hours: hours || 24 * 7, limit: 50 })
    : get('/api/v1/anomaly/active');
  let result;
  try {
    result = await optional(load());
  } catch (e) {
    if (!fresh()) return;
    card.replaceChildren(title, notice(`Anomalies: ${e.message}`, 'error'));
    return;
  }
  if (!fresh()) return;
  if (result.missing) {
    card.replaceChildren(title, notAvailable('Anomaly detection'));
    return;
  }
  const list = result.data.anomalies || [];
  card.replaceChildren(title);
  card.dataset.anomalyCount = String(list.length);
  if (list.length === 0) {
    // the period named: the panel follows the page's range, while the overview counts every open anomaly
    const span = hours || 24 * 7;
    // the picker's words: 24h is "the last 24 hours" (it said "the last 1 day"), 7d "the last 7 days"
    const period = span % 24 === 0 && span > 24 ? `${span / 24} days` : `${span} hours`;
    card.append(notice(machineId ? `No anomalies in the last ${period} (open ones from before are on the overview).` : 'No active anomalies.', 'muted'));
    return;
  }
  // newest first (the API lists them so; a tie keeps its order), so the first page is the most recent
  const at = a => Date.parse(a.detected_at) || 0;
  const sorted = list.slice().sort((x, y) => at(y) - at(x));
  const row = a => {
    const status = el('td', { 'data-status': a.id, tabindex: -1 }, a.status || (a.resolved_at ? 'resolved' : 'unresolved'));
    // detected time in the factory's zone when the page knows it, and always with the zone's name
    const when = zonedTime(a.detected_at, zoneOf(a.machine_id));
    const what = `${words(a.anomaly_type) || 'anomaly'} on ${a.machine_name || 'this machine'} at ${when}`;
    const notes = el('input', { placeholder: 'resolution notes', size: 22, 'aria-label': `Resolution notes for ${what}` });
    const resolve = el('button', {
      class: 'secondary', 'data-resolve': a.id, 'aria-label': `Resolve ${what}`,
      onclick: async () => {
        resolve.disabled = true;
        try {
          const r = await put(`/api/v1/anomaly/${encodeURIComponent(a.id)}/resolve`,
            { resolution_notes: notes.value || 'Resolved from the dashboard', whole_incident: true });
          status.textContent = r.status || 'resolved';
          for (const other of r.also_resolved || []) {
            const row = card.querySelector(`tr[data-anomaly="${CSS.escape(other)}"]`);
            if (!row) continue;
            row.querySelector('[data-status]').textContent = 'resolved';
            for (const control of row.querySelectorAll('input, button')) control.remove();
          }
          notes.remove();
          resolve.remove();
          status.focus(); // the button had the focus: keep the keyboard user on this row, which says the outcome
        } catch (e) {
          resolve.disabled = false;
          status.textContent = e.message;
        }
      },
    }, 'Resolve');
    const open = (a.status || 'unresolved') !== 'resolved' && !a.resolved_at;
    const unit = a.unit || ''; // the API's: kWh for energy anomalies and drift, kW for a stuck meter's repeated power
    const value = v => (v === null || v === undefined ? '–' : `${num(v)}${unit ? ' ' + unit : ''}`);
    return el('tr', { 'data-anomaly': a.id },
      el('td', {}, when),
      machineId ? null : el('td', {}, el('a', { href: `#/machine/${a.machine_id}` }, a.machine_name || a.machine_id)),
      // an incident still going on (open, its data ending within the last two hours): what needs attention now
      el('td', {}, el('span', { class: `badge sev-${a.severity}` }, a.severity),
        a.incident && a.incident.ongoing ? [' ', el('span', { class: 'badge', 'data-ongoing': 'true', title: 'Open, and its data ends within the last two hours' }, 'ongoing')] : null),
      el('td', {}, words(a.anomaly_type)),
      el('td', {}, a.description || '', incidentNote(a, zoneOf(a.machine_id))),
      el('td', { class: 'n' }, value(a.actual_value)),
      el('td', { class: 'n' }, value(a.expected_value)),
      status,
      el('td', {}, open ? [notes, ' ', resolve] : null));
  };
  const tbody = el('tbody', {});
  const shownText = el('span');
  const more = el('button', { class: 'secondary', 'data-action': 'more-anomalies', onclick: () => showMore() });
  const total = Math.max(sorted.length, result.data.total_count || 0); // /recent answers at most its limit
  const count = el('div', { class: 'muted', 'data-anomaly-shown': '' }, shownText, ' ', more);
  function showMore() {
    const shown = tbody.children.length;
    const added = sorted.slice(shown, shown + PAGE).map(row);
    tbody.append(...added);
    const n = tbody.children.length;
    count.dataset.anomalyShown = String(n);
    shownText.textContent = n < total ? `The ${n} most recent of ${total}.` : `All ${total}.`;
    more.textContent = `Show ${Math.min(PAGE, sorted.length - n)} more`;
    if (n >= sorted.length && more.isConnected) {
      more.remove();
      if (shown) added[0].querySelector('[data-status]').focus(); // the button had the focus: keep it on the new rows
    }
  }
  showMore();
  count.hidden = total <= PAGE; // a short list needs no count
  card.append(count, scrollTable(el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'detected'), machineId ? null : el('th', {}, 'machine'), el('th', {}, 'severity'),
      el('th', {}, 'type'), el('th', {}, 'description'), el('th', { class: 'n' }, 'actual'), el('th', { class: 'n' }, 'expected'),
      el('th', {}, 'status'), el('th', {}, ''))),
    tbody)));
  return list;
}
