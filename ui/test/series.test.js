// The detection page's series reader alone, in Node (no browser, no cloud): runs with the browser tests
// (npm run test:browser, infra/local's UiBrowserTest), or on its own: node --test test/series.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSeries } from '../src/series.js';

const times = text => parseSeries(text).series.map(p => p.timestamp);

test('series: a dotted day-first date with a zone after a space is read day first, in that zone', () => {
  assert.deepEqual(times('Zeit;Wert\n01.02.2026 13:00 UTC;5\n01.02.2026 13:00 +01:00;6\n01.02.2026 13:00 GMT;7\n01.02.2026 13:00Z;8\n01.02.2026 13:00 +0130;9'),
    ['2026-02-01T13:00:00Z', '2026-02-01T12:00:00Z', '2026-02-01T13:00:00Z', '2026-02-01T13:00:00Z', '2026-02-01T11:30:00Z']);
  const { notes } = parseSeries('Zeit;Wert\n01.02.2026 13:00 UTC;5\n01.02.2026 14:00;6');
  assert.ok(notes.some(n => /^1 time without a zone, read as UTC/.test(n)), notes.join(' | '));
});

test('series: a one-digit day, month and hour are read', () => {
  assert.deepEqual(times('Zeit;Wert\n9.1.2026 9:05:00;5\n9.1.2026 9:05;6\n9.1.2026;7'),
    ['2026-01-09T09:05:00Z', '2026-01-09T09:05:00Z', '2026-01-09T00:00:00Z']);
});

test('series: a date that is not in the calendar is refused with its line, not rolled over', () => {
  assert.throws(() => parseSeries('Zeit;Wert\n28.02.2026 13:00;5\n31.02.2026 13:00;6'), /^Error: Line 3: "31\.02\.2026 13:00" is not a date/);
  assert.throws(() => parseSeries('Zeit;Wert\n29.02.2026;5'), /^Error: Line 2: "29\.02\.2026" is not a date/);
  assert.throws(() => parseSeries('timestamp,value\n2026-02-31T13:00:00Z,5'), /^Error: Line 2: "2026-02-31T13:00:00Z" is not a date/);
  assert.throws(() => parseSeries('[{"timestamp": "2026-04-31 00:00", "value": 1}]'), /^Error: Point 0: "2026-04-31 00:00" is not a date/);
  assert.deepEqual(times('Zeit;Wert\n29.02.2028 13:00;5'), ['2028-02-29T13:00:00Z'], 'a leap day is a date');
});

test('series: slashed dates are read in the order the file shows, once for all its lines', () => {
  // US Excel's default: month first; 31 cannot be a month, so the file's 01/02 is the 2nd of January
  const us = parseSeries('timestamp,value\n1/31/2026 13:00,5\n01/02/2026 13:00,6\n2/1/2026 9:05:30,7');
  assert.deepEqual(us.series.map(p => p.timestamp), ['2026-01-31T13:00:00Z', '2026-01-02T13:00:00Z', '2026-02-01T09:05:30Z']);
  assert.ok(us.notes.some(n => /^3 times without a zone, read as UTC/.test(n)), us.notes.join(' | '));
  // a day above 12 first: day first for every line
  assert.deepEqual(times('timestamp,value\n01/02/2026 13:00,5\n31/01/2026 13:00 UTC,6\n1/2/2026,7'),
    ['2026-02-01T13:00:00Z', '2026-01-31T13:00:00Z', '2026-02-01T00:00:00Z']);
  assert.deepEqual(times('[{"timestamp": "02/13/2026 10:00", "value": 1}, {"timestamp": "03/01/2026 10:00 +01:00", "value": 2}]'),
    ['2026-02-13T10:00:00Z', '2026-03-01T09:00:00Z']);
});

test('series: slashed dates that name no order, or two, are refused with their lines', () => {
  assert.throws(() => parseSeries('timestamp,value\n01/02/2026 13:00,5\n01/03/2026 13:00,6'),
    /^Error: Line 2: "01\/02\/2026 13:00" may be day or month first, and no date in the file has a day above 12 to say which: write the dates as ISO 8601/);
  assert.throws(() => parseSeries('timestamp,value\n31/01/2026 13:00,5\n01/31/2026 14:00,6'),
    /^Error: Line 2 \("31\/01\/2026 13:00"\) is day first and line 3 \("01\/31\/2026 14:00"\) month first/);
  assert.throws(() => parseSeries('timestamp,value\n2/30/2026 13:00,5'), /^Error: Line 2: "2\/30\/2026 13:00" is not a date: February 2026 has no day 30/);
  assert.throws(() => parseSeries('timestamp,value\n1/31/26 13:00,5'), /^Error: Line 2: "1\/31\/26 13:00" has a year of 2 digits/);
});

test('series: an ISO 8601 date with a zone after a space (UTC, GMT, Z, an offset) is read in that zone', () => {
  assert.deepEqual(times('timestamp,value\n2026-02-01 13:00 UTC,5\n2026-02-01 13:00 GMT,6\n2026-02-01T13:00 Z,7\n2026-02-01 13:00:30 +01:00,8\n2026/2/1 13:00 utc,9'),
    ['2026-02-01T13:00:00Z', '2026-02-01T13:00:00Z', '2026-02-01T13:00:00Z', '2026-02-01T12:00:30Z', '2026-02-01T13:00:00Z']);
  const { notes } = parseSeries('timestamp,value\n2026-02-01 13:00 UTC,5');
  assert.deepEqual(notes, [], 'a named zone is no zone-less time');
  assert.deepEqual(times('[{"timestamp": "2026-02-01 13:00 UTC", "value": 1}]'), ['2026-02-01T13:00:00Z']);
  assert.throws(() => parseSeries('timestamp,value\n2026-02-30 13:00 UTC,5'), /^Error: Line 2: "2026-02-30 13:00 UTC" is not a date: February 2026 has no day 30/);
});

test('series: a zone by its abbreviation is refused, saying so', () => {
  assert.throws(() => parseSeries('timestamp,value\n2026-02-01 13:00 EST,5'), /^Error: Line 2: "2026-02-01 13:00 EST" names its zone EST, which the page does not read/);
  assert.throws(() => parseSeries('timestamp,value\n1/31/2026 1:00 PM CET,5'), /^Error: Line 2: "1\/31\/2026 1:00 PM CET" names its zone CET/);
});

test('series: a 12-hour clock with AM or PM is read, in slashed dates by the file\'s order', () => {
  // US Excel's other CSV: month first, 12-hour clock; 12 AM is midnight, 12 PM noon
  const us = parseSeries('timestamp,value\n1/31/2026 1:00 PM,5\n1/31/2026 12:30 AM,6\n1/31/2026 12:00 pm UTC,7\n2/1/2026 11:59:59 PM +01:00,8\n2/1/2026 9:05AM,9');
  assert.deepEqual(us.series.map(p => p.timestamp),
    ['2026-01-31T13:00:00Z', '2026-01-31T00:30:00Z', '2026-01-31T12:00:00Z', '2026-02-01T22:59:59Z', '2026-02-01T09:05:00Z']);
  assert.ok(us.notes.some(n => /^3 times without a zone, read as UTC/.test(n)), us.notes.join(' | '));
  assert.deepEqual(times('timestamp,value\n31/01/2026 1:00 PM,5\n01/02/2026 1:00 AM,6'), ['2026-01-31T13:00:00Z', '2026-02-01T01:00:00Z'], 'day first');
  assert.deepEqual(times('Zeit;Wert\n31.01.2026 1:00 PM;5\n2026-01-31 1:00 PM;6'), ['2026-01-31T13:00:00Z', '2026-01-31T13:00:00Z']);
});

test('series: what a 12-hour clock leaves open is refused', () => {
  assert.throws(() => parseSeries('timestamp,value\n01/02/2026 1:00 PM,5'), /^Error: Line 2: "01\/02\/2026 1:00 PM" may be day or month first/);
  assert.throws(() => parseSeries('timestamp,value\n1/31/2026 13:00 PM,5'), /^Error: Line 2: "1\/31\/2026 13:00 PM" has hour 13 on a 12-hour clock \(PM\), which runs from 1 to 12/);
  assert.throws(() => parseSeries('timestamp,value\n1/31/2026 0:30 AM,5'), /^Error: Line 2: "1\/31\/2026 0:30 AM" has hour 0 on a 12-hour clock \(AM\)/);
  assert.throws(() => parseSeries('timestamp,value\n1/31/26 1:00 PM,5'), /^Error: Line 2: "1\/31\/26 1:00 PM" has a year of 2 digits/);
});
