import { get, put, optional } from '../api.js';
import { el, num, notice, notAvailable } from '../format.js';

/**
 * The anomalies table (seed 001: GET /api/v1/anomaly/active, or /anomaly/recent for one machine), each
 * unresolved one with a Resolve button (PUT /api/v1/anomaly/{id}/resolve). Says "not available yet"
 * while the anomaly function is not deployed.
 */
export async function activeAnomaliesPanel(card, { machineId, hours }) {
  const title = card.querySelector('h2') || el('h2', {}, 'Anomalies');
  const load = () => machineId
    ? get('/api/v1/anomaly/recent', { machine_id: machineId, hours: hours || 24 * 7, limit: 50 })
    : get('/api/v1/anomaly/active');
  let result;
  try {
    result = await optional(load());
  } catch (e) {
    card.replaceChildren(title, notice(`Anomalies: ${e.message}`, 'error'));
    return;
  }
  if (result.missing) {
    card.replaceChildren(title, notAvailable('Anomaly detection'));
    return;
  }
  const list = result.data.anomalies || [];
  card.replaceChildren(title);
  card.dataset.anomalyCount = String(list.length);
  if (list.length === 0) {
    card.append(notice(machineId ? 'No anomalies in this period.' : 'No active anomalies.', 'muted'));
    return;
  }
  const rows = list.map(a => {
    const status = el('td', { 'data-status': a.id }, a.status || (a.resolved_at ? 'resolved' : 'unresolved'));
    const notes = el('input', { placeholder: 'resolution notes', size: 22 });
    const resolve = el('button', {
      class: 'secondary', 'data-resolve': a.id,
      onclick: async () => {
        resolve.disabled = true;
        try {
          const r = await put(`/api/v1/anomaly/${encodeURIComponent(a.id)}/resolve`, { resolution_notes: notes.value || 'Resolved from the dashboard' });
          status.textContent = r.status || 'resolved';
          notes.remove();
          resolve.remove();
        } catch (e) {
          resolve.disabled = false;
          status.textContent = e.message;
        }
      },
    }, 'Resolve');
    const open = (a.status || 'unresolved') !== 'resolved' && !a.resolved_at;
    return el('tr', { 'data-anomaly': a.id },
      el('td', {}, new Date(a.detected_at).toLocaleString()),
      machineId ? null : el('td', {}, el('a', { href: `#/machine/${a.machine_id}` }, a.machine_name || a.machine_id)),
      el('td', {}, el('span', { class: `badge sev-${a.severity}` }, a.severity)),
      el('td', {}, a.anomaly_type || ''),
      el('td', {}, a.description || ''),
      el('td', { class: 'n' }, num(a.actual_value)),
      el('td', { class: 'n' }, num(a.expected_value)),
      status,
      el('td', {}, open ? [notes, ' ', resolve] : null));
  });
  card.append(el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'detected'), machineId ? null : el('th', {}, 'machine'), el('th', {}, 'severity'),
      el('th', {}, 'type'), el('th', {}, 'description'), el('th', { class: 'n' }, 'actual'), el('th', { class: 'n' }, 'expected'),
      el('th', {}, 'status'), el('th', {}, ''))),
    el('tbody', {}, rows)));
  return list;
}
