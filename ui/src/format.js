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

/** An API's code word as words: "energy_spike" → "energy spike", "injection_molding" → "injection molding". */
export function words(code) {
  return String(code ?? '').replace(/_/g, ' ');
}

export function notice(text, kind = 'info') {
  return el('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** What a page of the plant's machines shows before there is any (a new deployment). */
export const NO_MACHINES = "No machines yet: import the plant's catalogue (./wattline import plant.json, see docs/CATALOG.md) and they show here.";

/** What a panel shows when its route is not deployed yet. */
export function notAvailable(what) {
  return notice(`${what}: not available yet (this API does not serve the route).`, 'muted');
}

/** A table in a box that scrolls sideways, so a wide table never pushes the page past a narrow screen. */
export function scrollTable(table) {
  return el('div', { class: 'table-scroll' }, table);
}

// Factory-local days. The API reckons a factory's days, ToU bands and schedules in its zone (the machines
// route names it, factory_timezone), not in the browser's or UTC.

/** The wall-clock parts of instant `d` in `zone`. */
function wall(d, zone) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone || 'UTC', hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(d));
  return Object.fromEntries(parts.filter(p => p.type !== 'literal').map(p => [p.type, Number(p.value)]));
}

/** The date (YYYY-MM-DD) that instant `d` falls on in `zone`. */
export function localDay(d, zone) {
  const w = wall(d, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The browser's zone, for dates that belong to no one factory. */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
}

/** The instant the factory's day `day` (YYYY-MM-DD) begins in `zone`: local midnight, whatever the DST offset. */
export function startOfLocalDay(day, zone) {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  let t = midnight;
  for (let i = 0; i < 3; i++) { // the offset at the guess; twice settles a DST day
    const w = wall(t, zone);
    const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t;
    t = midnight - offset;
  }
  return new Date(t);
}

/**
 * Date and time of `d` in `zone` (the browser's when none), with the zone's short name so nobody guesses; the
 * year too when it is not this year's (an anomaly of 2017 is not one of this January).
 */
export function zonedTime(d, zone, { date = true } = {}) {
  const year = y => new Date(y).toLocaleString('en-US', { timeZone: zone || undefined, year: 'numeric' });
  const otherYear = date && year(d) !== year(Date.now());
  return new Date(d).toLocaleString('en-US', { timeZone: zone || undefined, timeZoneName: 'short',
    ...(date ? { month: 'short', day: 'numeric' } : {}), ...(otherYear ? { year: 'numeric' } : {}), hour: 'numeric', minute: '2-digit' });
}
