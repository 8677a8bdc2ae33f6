import { get, post } from '../api.js';
import { chart, clearChart } from '../charts.js';
import { el, num, stat, notice, scrollTable } from '../format.js';

const POLL_MS = 1000;
const SCORE_POINTS = 300;
/** The cut-off a healthy motor's batch score is judged against; the API names the one in force (0.5 under a fault). */
const CUT_OFF = 0.65;
/** The API's pattern of an asset id (GET /system/state refuses others with a 422). */
const ASSET_ID = /^(?!\.+$)[A-Za-z0-9._:-]{1,64}$/;
const ASSET_RULE = 'An asset id is 1 to 64 letters, digits, dots, underscores, colons or hyphens (not dots alone), e.g. Motor-01.';
const MONITORING = new Set(['MONITORING_HEALTHY', 'FAULT_INJECTION']);
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
  const asset = el('input', { name: 'asset_id', value: query.get('asset_id') || 'Motor-01', size: 14, required: true, maxlength: 64,
    title: ASSET_RULE, 'aria-describedby': 'asset-rule' });
  const assetRule = el('div', { id: 'asset-rule' }); // what an asset id may contain, while the field holds none the API takes
  const faultType = el('select', { name: 'fault_type' }, ['SPIKE', 'DRIFT', 'JITTER', 'DEFAULT'].map(f => el('option', { value: f }, f)));
  const severity = el('select', { name: 'severity' }, ['MILD', 'MEDIUM', 'SEVERE'].map(s => el('option', { value: s }, s)));
  severity.value = 'SEVERE';
  const message = el('div', { 'data-twin': 'message' });
  const stateBadge = el('span', { class: 'badge', 'data-twin': 'state' }, '…');
  const bar = el('div', { style: 'width:0%' });
  // a bar of colour says nothing to a screen reader: a progressbar with its value
  const progress = el('div', { class: 'progress', 'data-twin': 'progress', hidden: true, role: 'progressbar', 'aria-label': 'Calibration progress',
    'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, bar);
  const stats = el('div', { class: 'stats' });
  const feedback = el('div');
  const healthNote = el('div');
  const scoreTitle = el('h2', {}, `Batch anomaly score (cut-off ${CUT_OFF})`);
  const scoreNote = el('div');
  const scoreBox = el('div');
  const events = el('div');
  const scores = []; // [simulated time, batch score], collected while the page polls
  const replacedBox = el('input', { type: 'checkbox', name: 'reset_degradation' });
  const replaced = { get value() { return String(replacedBox.checked); } }; // the query's reset_degradation
  const action = (label, path, extra = {}, cls, confirmText) => el('button', {
    class: cls, 'data-action': path,
    onclick: async () => {
      if (!assetValid()) return;
      if (confirmText && !window.confirm(confirmText.replace('{asset}', asset.value.trim()))) return;
      feedback.replaceChildren();
      try {
        const r = await post(`/system/${path}`, undefined, { asset_id: asset.value.trim(), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.value])) });
        feedback.append(notice(`${path}: ${r.message || r.status || 'ok'}`));
        if (path === 'purge' || path === 'calibrate') scores.length = 0;
      } catch (e) {
        feedback.append(notice(`${path}: ${e.plain || e.message}`, 'error'));
      }
      await refresh();
    },
  }, label);

  app.append(el('h1', {}, 'Asset-health twin'),
    el('div', { class: 'sub' }, 'Calibrate a motor twin, watch its health, inject a fault and see the batch model score it.'),
    el('div', { class: 'card' },
      el('div', { class: 'controls' }, el('label', {}, 'asset', asset), action('Calibrate', 'calibrate', { reset_degradation: replaced }),
        el('label', { title: 'The motor was replaced or repaired: its degradation index starts again at 0 (else it carries over)' },
          replacedBox, 'replaced or repaired'),
        el('span', { class: 'muted' }, '|'), el('label', {}, 'fault', faultType), el('label', {}, 'severity', severity),
        action('Inject fault', 'inject-fault', { fault_type: faultType, severity }),
        action('Reset', 'reset', {}, 'secondary'), action('Stop', 'stop', {}, 'secondary'), action('Purge', 'purge', {}, 'secondary',
          'Purge {asset}? This deletes its trained models and its state; it has to be calibrated again.')),
      assetRule, el('div', {}, stateBadge, ' ', message), progress, feedback),
    el('div', { class: 'card' }, el('h2', {}, 'Health'), healthNote, stats),
    el('div', { class: 'card' }, scoreTitle, scoreNote, scoreBox),
    el('div', { class: 'card' }, el('h2', {}, 'Events'), events));

  /** Whether the field holds an id the API takes; says what one may contain when it does not. */
  function assetValid() {
    const ok = ASSET_ID.test(asset.value.trim());
    const text = ok ? '' : asset.value.trim() ? ASSET_RULE : `Enter an asset id. ${ASSET_RULE}`;
    if (assetRule.textContent !== text) assetRule.replaceChildren(...(text ? [notice(text, 'error')] : [])); // once, not every poll
    asset.setAttribute('aria-invalid', String(!ok));
    return ok;
  }
  /** Takes the figures of the asset shown away (another asset, or one the API refused, must not inherit them). */
  function clearFigures() {
    scores.length = 0;
    stateBadge.textContent = '…';
    stateBadge.className = 'badge';
    message.textContent = '';
    progress.hidden = true;
    for (const e of [healthNote, stats, scoreNote, events, feedback]) e.replaceChildren();
    clearChart(scoreBox);
  }

  let busy = false;
  let refused = false; // a refused key stops the polling: asking every second helps nobody
  let rejected = false; // so does an asset id the API refuses (422), until the field changes
  async function refresh() {
    if (busy || refused || rejected || !view.alive) return;
    if (!assetValid()) return; // an empty field would ask for the API's default asset, Motor-01
    busy = true;
    const id = asset.value.trim();
    try {
      const s = await get('/system/state', { asset_id: id });
      if (!view.alive || id !== asset.value.trim()) return; // the field changed meanwhile: this answer is another asset's
      stateBadge.textContent = s.state;
      stateBadge.className = `badge lvl-${s.anomaly_status}`;
      message.textContent = s.message || '';
      const pct = calibrationProgress(s);
      progress.hidden = s.state !== 'CALIBRATING';
      progress.dataset.percent = String(pct);
      progress.setAttribute('aria-valuenow', String(pct));
      bar.style.width = `${pct}%`;
      // no model yet: nothing is monitored, and the figures the API fills in (health 100, stability 100 %) are no
      // measurement; while a first calibration runs, the same
      const waiting = !s.model && (s.state === 'CALIBRATING'
        ? 'Calibrating — monitoring starts when the calibration completes.'
        : 'Not calibrated yet — calibrate to start monitoring.');
      for (const note of [healthNote, scoreNote]) note.replaceChildren(...(waiting ? [notice(waiting, 'muted')] : []));
      if (waiting) {
        stats.replaceChildren();
        clearChart(scoreBox);
      } else {
        stats.replaceChildren(
          stat('health', num(s.health, 0), '%', 'health'),
          stat('degradation index', num(s.degradation_index, 3), '', 'di'),
          // under an hour in minutes: "0.0 h" read as the end of life for the last minutes before it
          ...(s.rul_hours >= 99999 ? [stat('remaining life', '∞', 'h', 'rul')] : s.rul_hours < 1
            ? [stat('remaining life', num(s.rul_hours * 60, 1), 'min', 'rul')] : [stat('remaining life', num(s.rul_hours, 1), 'h', 'rul')]),
          stat('risk', s.risk_level, '', 'risk'),
          stat('status', s.anomaly_status, '', 'anomaly-status'),
          stat('last batch score', s.last_batch_score === null ? '–' : num(s.last_batch_score, 3), '', 'score'),
          stat('fault', s.fault_type ? `${s.fault_type} ${s.fault_severity}` : 'none', '', 'fault'),
          // the validation's rates exist only while the twin monitors (stopped, or before a batch of their kind, the API reports null)
          ...(MONITORING.has(s.state) ? [stat('healthy stability', num(s.healthy_stability, 1), '%', 'stability'),
            stat('fault capture', num(s.fault_capture_rate, 1), '%', 'capture')] : []));
      }
      const cutOff = s.last_batch_cutoff ?? CUT_OFF;
      if (s.last_batch_score !== null && s.simulated_until) {
        const t = s.simulated_until;
        // each second with the cut-off it was judged against: a fault's 0.5 drawn over the whole history put the healthy
        // seconds before it (judged against 0.65) above the line
        if (!scores.length || scores[scores.length - 1][0] !== t) scores.push([t, s.last_batch_score, s.fault_type || null, cutOff]);
        if (scores.length > SCORE_POINTS) scores.shift();
      }
      scoreTitle.textContent = `Batch anomaly score (cut-off ${cutOff})`;
      if (!waiting) {
        const narrow = scoreBox.clientWidth < 600;
        chart(scoreBox, 'score', {
          tooltip: { trigger: 'axis', valueFormatter: v => num(v, 3) }, grid: { left: 50, right: 20, top: 20, bottom: 30 },
          // seconds apart, ECharts' default ticks ran together on a phone ("21:15262115…"): fewer ticks, never overlapping
          xAxis: { type: 'time', splitNumber: narrow ? 3 : 6, axisLabel: { hideOverlap: true } }, yAxis: { type: 'value', min: 0, max: 1 },
          // redrawn every second: without animation, the lines are whole at once (the dashed one was drawn in part)
          animation: false,
          series: [{ name: 'score', type: 'line', showSymbol: true, symbolSize: 4, data: scores.map(x => [x[0], x[1]]) },
            { name: 'cut-off', type: 'line', step: 'middle', showSymbol: false, silent: true, data: scores.map(x => [x[0], x[3]]),
              lineStyle: { type: 'dashed', width: 1, color: '#c62828' },
              // the label above the line's end, inside the grid: past its end it was clipped to "0.6"
              endLabel: { show: true, formatter: `cut-off ${cutOff}`, offset: [-70, -10] } }],
        });
      }
      const list = s.last_events || [];
      events.replaceChildren(list.length ? scrollTable(el('table', { 'data-table': 'events' },
        el('thead', {}, el('tr', {}, el('th', {}, 'time'), el('th', {}, 'level'), el('th', {}, 'type'), el('th', {}, 'message'), el('th', { class: 'n' }, 'DI'))),
        el('tbody', {}, list.map(e => // newest first, as the API lists them
          el('tr', {}, el('td', { class: 'nowrap' }, new Date(e.timestamp).toLocaleTimeString('en-US', { timeZoneName: 'short' })), el('td', {}, e.level || ''), el('td', {}, e.type || ''),
            el('td', { class: 'message' }, e.message || ''), el('td', { class: 'n' }, num(e.degradation_index, 3)))))))
        : notice(waiting || 'No events yet.', 'muted'));
    } catch (e) {
      if (!view.alive || id !== asset.value.trim()) return;
      refused = e.status === 401 || e.status === 403;
      rejected = e.status === 422;
      if (rejected) { // the field's id: the last asset's figures must not stay under it, nor the page ask again every second
        clearFigures();
        feedback.replaceChildren(notice(`The API refused the asset id "${id}". ${ASSET_RULE}`, 'error'));
        return;
      }
      feedback.replaceChildren(notice(refused ? `${e.message}. Polling stopped: reload the page to enter a key.` : e.message, 'error'));
    } finally {
      busy = false;
    }
  }
  asset.addEventListener('input', assetValid);
  asset.addEventListener('change', () => { rejected = false; clearFigures(); refresh(); });
  view.every(POLL_MS, refresh); // registered first: leaving while the first answer loads stops it
  await refresh();
}
