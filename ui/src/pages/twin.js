import { get, post } from '../api.js';
import { chart } from '../charts.js';
import { el, num, stat, notice, scrollTable } from '../format.js';

const POLL_MS = 1000;
const SCORE_POINTS = 300;
/** The calibration's progress messages (seed 000), in order, and how far along each one is. */
const PHASES = [
  [/^Generating training data\.\.\. (\d+)\/(\d+)/, m => 25 * Number(m[1]) / Number(m[2])],
  [/^Building baseline profile/, () => 40],
  [/^Training anomaly model/, () => 60],
  [/^Training batch-feature model/, () => 80],
  [/^Calibration complete/, () => 100],
];

export function calibrationProgress(state) {
  if (state.state !== 'CALIBRATING') return state.state === 'IDLE' ? 0 : 100;
  for (const [re, pct] of PHASES) {
    const m = (state.message || '').match(re);
    if (m) return Math.round(pct(m));
  }
  return 5;
}

/** The asset-health twin: calibrate with progress, health/DI/RUL, inject a fault and watch the score. */
export default async function twin(app, _params, query, view) {
  const asset = el('input', { name: 'asset_id', value: query.get('asset_id') || 'Motor-01', size: 14 });
  const faultType = el('select', { name: 'fault_type' }, ['SPIKE', 'DRIFT', 'JITTER', 'DEFAULT'].map(f => el('option', { value: f }, f)));
  const severity = el('select', { name: 'severity' }, ['MILD', 'MEDIUM', 'SEVERE'].map(s => el('option', { value: s }, s)));
  severity.value = 'SEVERE';
  const message = el('div', { 'data-twin': 'message' });
  const stateBadge = el('span', { class: 'badge', 'data-twin': 'state' }, '…');
  const bar = el('div', { style: 'width:0%' });
  const progress = el('div', { class: 'progress', 'data-twin': 'progress', hidden: true }, bar);
  const stats = el('div', { class: 'stats' });
  const feedback = el('div');
  const scoreBox = el('div');
  const events = el('div');
  const scores = []; // [simulated time, batch score], collected while the page polls
  const action = (label, path, extra = {}, cls, confirmText) => el('button', {
    class: cls, 'data-action': path,
    onclick: async () => {
      if (confirmText && !window.confirm(confirmText.replace('{asset}', asset.value))) return;
      feedback.replaceChildren();
      try {
        const r = await post(`/system/${path}`, undefined, { asset_id: asset.value, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.value])) });
        feedback.append(notice(`${path}: ${r.message || r.status || 'ok'}`));
        if (path === 'purge' || path === 'calibrate') scores.length = 0;
      } catch (e) {
        feedback.append(notice(`${path}: ${e.message}`, 'error'));
      }
      await refresh();
    },
  }, label);

  app.append(el('h1', {}, 'Asset-health twin'),
    el('div', { class: 'sub' }, 'Calibrate a motor twin, watch its health, inject a fault and see the batch model score it.'),
    el('div', { class: 'card' },
      el('div', { class: 'controls' }, el('label', {}, 'asset', asset), action('Calibrate', 'calibrate'),
        el('span', { class: 'muted' }, '|'), el('label', {}, 'fault', faultType), el('label', {}, 'severity', severity),
        action('Inject fault', 'inject-fault', { fault_type: faultType, severity }),
        action('Reset', 'reset', {}, 'secondary'), action('Stop', 'stop', {}, 'secondary'), action('Purge', 'purge', {}, 'secondary',
          'Purge {asset}? This deletes its trained models and its state; it has to be calibrated again.')),
      el('div', {}, stateBadge, ' ', message), progress, feedback),
    el('div', { class: 'card' }, el('h2', {}, 'Health'), stats),
    el('div', { class: 'card' }, el('h2', {}, 'Batch anomaly score (cut-off 0.65)'), scoreBox),
    el('div', { class: 'card' }, el('h2', {}, 'Events'), events));

  let busy = false;
  let refused = false; // a refused key stops the polling: asking every second helps nobody
  async function refresh() {
    if (busy || refused || !view.alive) return;
    busy = true;
    try {
      const s = await get('/system/state', { asset_id: asset.value });
      if (!view.alive) return;
      stateBadge.textContent = s.state;
      stateBadge.className = `badge lvl-${s.anomaly_status}`;
      message.textContent = s.message || '';
      const pct = calibrationProgress(s);
      progress.hidden = s.state !== 'CALIBRATING';
      progress.dataset.percent = String(pct);
      bar.style.width = `${pct}%`;
      stats.replaceChildren(
        stat('health', num(s.health, 0), '%', 'health'),
        stat('degradation index', num(s.degradation_index, 3), '', 'di'),
        stat('remaining life', s.rul_hours >= 99999 ? '∞' : num(s.rul_hours, 1), 'h', 'rul'),
        stat('risk', s.risk_level, '', 'risk'),
        stat('status', s.anomaly_status, '', 'anomaly-status'),
        stat('last batch score', s.last_batch_score === null ? '–' : num(s.last_batch_score, 3), '', 'score'),
        stat('fault', s.fault_type ? `${s.fault_type} ${s.fault_severity}` : 'none', '', 'fault'),
        stat('healthy stability', num(s.healthy_stability, 1), '%', 'stability'),
        stat('fault capture', num(s.fault_capture_rate, 1), '%', 'capture'));
      if (s.last_batch_score !== null && s.simulated_until) {
        const t = s.simulated_until;
        if (!scores.length || scores[scores.length - 1][0] !== t) scores.push([t, s.last_batch_score, s.fault_type || null]);
        if (scores.length > SCORE_POINTS) scores.shift();
      }
      chart(scoreBox, 'score', {
        tooltip: { trigger: 'axis', valueFormatter: v => num(v, 3) }, grid: { left: 50, right: 20, top: 20, bottom: 30 },
        xAxis: { type: 'time' }, yAxis: { type: 'value', min: 0, max: 1 },
        series: [{ name: 'score', type: 'line', showSymbol: true, symbolSize: 4, data: scores.map(x => [x[0], x[1]]),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0.65, name: 'cut-off' }] } }],
      });
      events.replaceChildren(scrollTable(el('table', {}, el('tbody', {}, (s.last_events || []).map(e => // newest first, as the API lists them
        el('tr', {}, el('td', {}, new Date(e.timestamp).toLocaleTimeString('en-US', { timeZoneName: 'short' })), el('td', {}, e.level || ''), el('td', {}, e.type || ''),
          el('td', {}, e.message || ''), el('td', { class: 'n' }, `DI ${num(e.degradation_index, 3)}`)))))));
    } catch (e) {
      if (!view.alive) return;
      refused = e.status === 401 || e.status === 403;
      feedback.replaceChildren(notice(refused ? `${e.message}. Polling stopped: reload the page to enter a key.` : e.message, 'error'));
    } finally {
      busy = false;
    }
  }
  asset.addEventListener('change', () => { scores.length = 0; refresh(); });
  view.every(POLL_MS, refresh); // registered first: leaving while the first answer loads stops it
  await refresh();
}
