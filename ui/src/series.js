// The detection page's reader of pasted or uploaded series (no DOM, so it can be tried in Node too).

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HAS_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/** A value as a spreadsheet writes it: "50.7", or "50,70" where the columns are split by ; or a tab. */
function readValue(text, decimalComma) {
  const t = decimalComma ? text.replace(',', '.') : text;
  return NUMBER.test(t) ? Number(t) : NaN;
}

/** A time as ISO 8601 in UTC; one written without a zone is read as UTC (not the browser's zone), and says so. */
function readTime(text, seen) {
  let t = text.replace(/^(\d{4}-\d\d-\d\d) (\d)/, '$1T$2');
  if (!HAS_ZONE.test(t) && /T\d/.test(t)) { t += 'Z'; seen.zoneless += 1; }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Reads "timestamp,value" lines (also ; or tab separated, with decimal commas; a header line is skipped), a
 * JSON array of points, or an Azure request body. Empty values are left out, not read as 0; `notes` says
 * what was left out and how zone-less times were read.
 */
export function parseSeries(text) {
  const t = text.trim();
  if (!t) throw new Error('Paste or upload a series first.');
  const seen = { zoneless: 0, empty: [] };
  let series, body = {};
  if (t.startsWith('{') || t.startsWith('[')) {
    const j = JSON.parse(t);
    const points = Array.isArray(j) ? j : j.series;
    if (!Array.isArray(points)) throw new Error('JSON must be an array of {timestamp, value} or an object with "series".');
    if (!Array.isArray(j)) body = j;
    series = [];
    points.forEach((p, i) => {
      if (p.value === null || p.value === undefined || p.value === '') { seen.empty.push(`#${i}`); return; }
      const value = typeof p.value === 'number' ? p.value : readValue(String(p.value).trim(), true);
      const timestamp = readTime(String(p.timestamp ?? ''), seen);
      if (Number.isNaN(value) || !timestamp) throw new Error(`Point ${i} is not {timestamp, value}: ${JSON.stringify(p)}`);
      series.push({ timestamp, value });
    });
  } else {
    const lines = t.split(/\r?\n/);
    const sep = lines[0].includes('\t') ? '\t' : lines.find(l => l.trim()).includes(';') ? ';' : ',';
    series = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const [ts, v = ''] = line.split(sep).map(x => x.trim().replace(/^"(.*)"$/, '$1'));
      if (!v) { if (i > 0) seen.empty.push(`line ${i + 1}`); return; } // a gap, not a zero
      const value = readValue(v, sep !== ',');
      if (i === 0 && Number.isNaN(value)) return; // header
      const timestamp = readTime(ts, seen);
      if (Number.isNaN(value) || !timestamp) throw new Error(`Line ${i + 1} is not "timestamp${sep === '\t' ? '<tab>' : sep}value": ${line}`);
      series.push({ timestamp, value });
    });
  }
  const notes = [];
  if (seen.empty.length) notes.push(`${seen.empty.length} empty value${seen.empty.length > 1 ? 's' : ''} left out (${seen.empty.slice(0, 5).join(', ')}${seen.empty.length > 5 ? ', …' : ''}).`);
  if (seen.zoneless) notes.push(`${seen.zoneless} time${seen.zoneless > 1 ? 's' : ''} without a zone, read as UTC.`);
  return { series, body, notes };
}

