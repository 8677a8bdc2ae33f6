// Formatting shared by the pages: one place decides how a number is shown, so tests can read it back.

export function num(v, digits = 2) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '–';
  return Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function money(v, currency) {
  if (v === null || v === undefined) return '–';
  return `${num(v, 2)} ${currency || ''}`.trim();
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** A labelled figure whose value element carries data-kpi=name (the browser tests read it). */
export function stat(label, value, unit, name) {
  return el('div', { class: 'stat' },
    el('div', { class: 'stat-label' }, label),
    el('div', { class: 'stat-value' }, el('span', { 'data-kpi': name }, value), unit ? el('span', { class: 'unit' }, ' ' + unit) : null));
}

export function notice(text, kind = 'info') {
  return el('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** What a panel shows when its route is not deployed yet. */
export function notAvailable(what) {
  return notice(`${what}: not available yet (this API does not serve the route).`, 'muted');
}

export function isoHour(d) {
  const x = new Date(d);
  x.setUTCMinutes(0, 0, 0);
  return x.toISOString().replace('.000Z', 'Z');
}

export function isoDay(d) {
  return new Date(d).toISOString().slice(0, 10);
}

export function startOfUtcDay(d = new Date()) {
  const x = new Date(d);
  x.setUTCHours(0, 0, 0, 0);
  return x;
}
