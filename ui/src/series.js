// The detection page's reader of pasted or uploaded series (no DOM, so it can be tried in Node too).

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HAS_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;
const ISO_DATE = /^\d{4}-\d\d-\d\d(T\d|$)/;
/**
 * A time after a date: 9:05, 13:00:00.5, 1:00 PM (a 12-hour clock says AM or PM), then a zone, with or without a
 * space before it (UTC, GMT, Z, +01:00, +0100).
 */
const TIME_ZONE = String.raw`(?:(?:\s+|T)(\d\d?):(\d\d(?::\d\d(?:\.\d+)?)?)(?:\s*([AP]M))?)?\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?`;
/** 2026-01-31 13:00 UTC, 2026/1/31 1:00 PM, 2026-01-31T13:00:00.5+01:00: ISO 8601's order, a zone after a space too. */
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/])(\d\d?)\2(\d\d?)` + TIME_ZONE + '$', 'i');
/** 31.01.2026, 9.1.2026 9:05:00 or 31.01.2026 13:00 UTC: day first, as Europe's spreadsheets write it. */
const DAY_FIRST = new RegExp(String.raw`^(\d\d?)\.(\d\d?)\.(\d{4})` + TIME_ZONE + '$', 'i');
/** 01/02/2026: the 1st of February or the 2nd of January, depending on who wrote it; the file's other dates decide. */
const SLASHED = /^(\d\d?)\/(\d\d?)\/(\d{2,4})\b/;
/** 1/31/2026 13:00 (US Excel's CSV), 31/01/2026 13:00 UTC: a slashed date read in the file's order. */
const SLASHED_DATE = new RegExp(String.raw`^(\d\d?)\/(\d\d?)\/(\d{4})` + TIME_ZONE + '$', 'i');
/** A form outside ISO 8601 that names its zone (RFC 2822's GMT, a UTC suffix, an offset). */
const NAMED_ZONE = /(\bGMT|\bUTC|Z|[+-]\d\d:?\d\d)$/i;

const two = n => n.padStart(2, '0');

/**
 * Year, month, day, hour, the rest of the time, AM or PM and a zone of `text` as ISO 8601 (its zone as Z or ±hh:mm,
 * none if unnamed; its hour on a 24-hour clock).
 */
function iso(text, y, m, d, hour, rest, meridiem, zone) {
  const z = !zone ? '' : /^(UTC|GMT|Z)$/i.test(zone) ? 'Z' : zone.replace(/^([+-]\d\d):?(\d\d)$/, '$1:$2');
  const h = meridiem ? hour24(text, Number(hour), meridiem) : hour;
  return `${y}-${two(m)}-${two(d)}${hour ? `T${two(String(h))}:${rest}` : z ? 'T00:00' : ''}${z}`;
}

/** A 12-hour clock's hour on a 24-hour clock: 12:30 AM is 00:30, 1:00 PM 13:00; 13:00 PM or 0:30 AM say two things. */
function hour24(text, hour, meridiem) {
  const pm = /^pm$/i.test(meridiem);
  if (hour < 1 || hour > 12) {
    throw new Error(`"${text}" has hour ${hour} on a 12-hour clock (${meridiem.toUpperCase()}), which runs from 1 to 12:`
      + ` write ${pm ? 'the time without PM (13:00)' : 'the time without AM'}, or as ISO 8601 (2026-01-31 13:00)`);
  }
  return (hour % 12) + (pm ? 12 : 0);
}

/**
 * The order of a file's slashed dates (dd/mm/yyyy or mm/dd/yyyy), decided once for all of them: a first field
 * above 12 is a day, a second one above 12 a day too. `entries` are [where, timestamp]; null when none is slashed.
 * Refused when the file shows both orders, or none (every slashed date could be either).
 */
function slashOrder(entries) {
  let dayFirst = null, monthFirst = null, first = null;
  for (const [where, text] of entries) {
    const s = SLASHED.exec(text);
    if (!s) continue;
    first ??= [where, text];
    const a = Number(s[1]), b = Number(s[2]);
    if (a > 12 && b > 12) continue; // 13/13/2026 is no date either way: refused when its line is read
    if (a > 12) dayFirst ??= [where, text];
    if (b > 12) monthFirst ??= [where, text];
  }
  if (dayFirst && monthFirst) {
    throw new Error(`${dayFirst[0]} ("${dayFirst[1]}") is day first and ${monthFirst[0].toLowerCase()} ("${monthFirst[1]}") month first:`
      + ' write the dates in one order, or as ISO 8601 (2026-01-31 13:00)');
  }
  if (first && !dayFirst && !monthFirst) {
    throw new Error(`${first[0]}: "${first[1]}" may be day or month first, and no date in the file has a day above 12 to say which:`
      + ' write the dates as ISO 8601 (2026-01-31 13:00) or day first with dots (31.01.2026 13:00)');
  }
  return dayFirst ? 'day' : monthFirst ? 'month' : null;
}

/** A value as a spreadsheet writes it: "50.7", or "50,70" where the columns are split by ; or a tab. */
function readValue(text, decimalComma) {
  const t = decimalComma ? text.replace(',', '.') : text;
  return NUMBER.test(t) ? Number(t) : NaN;
}

/**
 * A time as ISO 8601 in UTC; one written without a zone is read as UTC (not the browser's zone), and says so. Only
 * forms read one way: ISO 8601 (2026-01-31 13:00, also with slashes 2026/01/31), a spreadsheet's day first with
 * dots (31.01.2026 13:00, as a ;-separated export writes it; 9.1.2026 9:05), each with a zone after a space
 * (13:00 UTC, 13:00 GMT, 13:00 +01:00) and a 12-hour clock's AM or PM (1:00 PM), or any form the browser reads
 * that names its zone (Sat, 31 Jan 2026 13:00:00 GMT). A zone by its abbreviation (EST, CET) is refused: several
 * zones share some, and summer time changes what they mean. Left to the browser, 01.02.2026 was the 2nd of January and 01/02/2026 either
 * day, in the browser's zone, unsaid. Slashed dates are read in the order the file's other dates show (`order`,
 * from slashOrder: 1/31/2026 is month first, as US Excel writes CSV); a file of dates such as 01/02/2026 alone names
 * no order, and is refused. A date the calendar does not have (31.02.2026) is refused, not rolled over into the
 * next month.
 */
function readTime(text, seen, order) {
  const dotted = DAY_FIRST.exec(text), slashed = order && SLASHED_DATE.exec(text), yearFirst = YEAR_FIRST.exec(text);
  const abbreviation = !dotted && !slashed && !yearFirst && /\d\s*(?:[AP]M\s*)?([A-Z]{3,5})$/i.exec(text);
  if (abbreviation && !/^(UTC|GMT)$/i.test(abbreviation[1])) {
    throw new Error(`"${text}" names its zone ${abbreviation[1]}, which the page does not read (zones share abbreviations):`
      + ' write UTC or an offset (+01:00) instead');
  }
  if (!dotted && !slashed && SLASHED.test(text)) {
    const year = SLASHED.exec(text)[3];
    if (year.length !== 4) throw new Error(`"${text}" has a year of ${year.length} digits: write it with four (1/31/2026), or the date as ISO 8601 (2026-01-31)`);
    if (!order) throw new Error(`"${text}" may be day or month first: write the date as 2026-01-31 or 31.01.2026`);
    return null; // a slashed date with something after it the page does not read (1/31/2026 1 PM)
  }
  let t = dotted ? iso(text, dotted[3], dotted[2], dotted[1], ...dotted.slice(4))
    : slashed ? iso(text, slashed[3], order === 'day' ? slashed[2] : slashed[1], order === 'day' ? slashed[1] : slashed[2], ...slashed.slice(4))
    : yearFirst ? iso(text, yearFirst[1], yearFirst[3], yearFirst[4], ...yearFirst.slice(5))
    : text;
  t = t.replace(/^(\d{4}-\d\d-\d\d) (\d)/, '$1T$2');
  if (ISO_DATE.test(t)) {
    // the calendar's date or none: left to Date.parse, 31.02.2026 was the 3rd of March, and nothing said so
    const [y, m, d] = t.slice(0, 10).split('-').map(Number), day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      const month = m >= 1 && m <= 12 ? new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }) : null;
      throw new Error(`"${text}" is not a date: ${month ? `${month} ${y} has no day ${d}` : `there is no month ${m}`}`);
    }
    if (!HAS_ZONE.test(t)) { t += /T\d/.test(t) ? 'Z' : 'T00:00:00Z'; seen.zoneless += 1; }
  } else if (!NAMED_ZONE.test(t)) return null; // the browser would read it in its own zone, or not at all
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** `read()`, its error said with `where` (the line or point). */
function at(where, read) {
  try { return read(); } catch (e) { throw new Error(`${where}: ${e.message}`); }
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
    const order = slashOrder(points.map((p, i) => [`Point ${i}`, String(p?.timestamp ?? '')]));
    series = [];
    points.forEach((p, i) => {
      if (p.value === null || p.value === undefined || p.value === '') { seen.empty.push(`#${i}`); return; }
      const value = typeof p.value === 'number' ? p.value : readValue(String(p.value).trim(), true);
      const timestamp = at(`Point ${i}`, () => readTime(String(p.timestamp ?? ''), seen, order));
      if (Number.isNaN(value) || !timestamp) throw new Error(`Point ${i} is not {timestamp, value}: ${JSON.stringify(p)}`);
      series.push({ timestamp, value });
    });
  } else {
    const lines = t.split(/\r?\n/);
    const sep = lines[0].includes('\t') ? '\t' : lines.find(l => l.trim()).includes(';') ? ';' : ',';
    const order = slashOrder(lines.map((l, i) => [`Line ${i + 1}`, l.split(sep)[0].trim().replace(/^"(.*)"$/, '$1')]));
    series = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const [ts, v = '', ...rest] = line.split(sep).map(x => x.trim().replace(/^"(.*)"$/, '$1'));
      // "…Z,50,7" is 50,7 written with a decimal comma between commas: its 7 was dropped and 50 read, unsaid
      if (rest.some(Boolean)) {
        throw new Error(`Line ${i + 1} has ${rest.length + 2} columns, the page reads two (timestamp${sep === '\t' ? '<tab>' : sep}value)`
          + (sep === ',' ? '; a value with a decimal comma needs ; or a tab between the columns' : '') + `: ${line}`);
      }
      if (!v) { if (i > 0) seen.empty.push(`line ${i + 1}`); return; } // a gap, not a zero
      const value = readValue(v, sep !== ',');
      if (i === 0 && Number.isNaN(value)) return; // header
      const timestamp = at(`Line ${i + 1}`, () => readTime(ts, seen, order));
      if (Number.isNaN(value) || !timestamp) throw new Error(`Line ${i + 1} is not "timestamp${sep === '\t' ? '<tab>' : sep}value": ${line}`);
      series.push({ timestamp, value });
    });
  }
  const notes = [];
  if (seen.empty.length) notes.push(`${seen.empty.length} empty value${seen.empty.length > 1 ? 's' : ''} left out (${seen.empty.slice(0, 5).join(', ')}${seen.empty.length > 5 ? ', …' : ''}).`);
  if (seen.zoneless) notes.push(`${seen.zoneless} time${seen.zoneless > 1 ? 's' : ''} without a zone, read as UTC.`);
  return { series, body, notes };
}

