package io.wattline.detection;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamp forms Azure's univariate engine accepted (it read them with pandas' {@code to_datetime}),
 * read as instants; times without an offset are UTC. Accepted:
 * <ul>
 *   <li>ISO-like dates {@code 2020-07-15}, with a time after {@code T} or a space ({@code 2020-07-15 03:35},
 *       {@code 2020-07-15T03:35:00.125Z}), an optional fraction of a second (up to nanoseconds) and an optional
 *       offset ({@code Z}, {@code +02:00}, {@code +0200}, {@code +02}, {@code UTC} or {@code GMT}, also after a
 *       space); {@code /} may separate the date's fields, and {@code t} and {@code z} may be lower case (RFC 3339);</li>
 *   <li>US dates {@code 12/16/2021} or {@code 12/16/21} (month first), with an optional time
 *       {@code 4:39:32 AM} or {@code 16:39:32};</li>
 *   <li>compact dates {@code 20211216};</li>
 *   <li>RFC 1123 dates, as HTTP and .NET's {@code "R"} format write them: {@code Wed, 15 Jul 2020 03:35:00 GMT}
 *       (the weekday is not checked).</li>
 * </ul>
 * Anything else, and impossible dates or times, give null.
 */
final class AzureTimestamps {
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})"
                    + "(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + " ?(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern US = Pattern.compile(
            "(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})"
                    + "(?: (\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(?: ?([AaPp][Mm]))?)?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    /** RFC 1123, as HTTP and .NET's "R" format write it: {@code Wed, 15 Jul 2020 03:35:00 GMT}. */
    private static final Pattern RFC1123 = Pattern.compile(
            "(?:[A-Za-z]{3}, )?(\\d{1,2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}):(\\d{2})(?::(\\d{2}))? (GMT|UTC|Z|[+-]\\d{4})");
    private static final java.util.List<String> MONTHS = java.util.List.of("jan", "feb", "mar", "apr", "may", "jun",
            "jul", "aug", "sep", "oct", "nov", "dec");

    private AzureTimestamps() {}

    static Instant parse(String raw) {
        String s = raw.strip();
        Matcher m = ISO.matcher(s);
        if (m.matches()) {
            return at(num(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)), num(m.group(5)),
                    num(m.group(6)), m.group(7), null, m.group(8));
        }
        m = US.matcher(s);
        if (m.matches()) {
            int y = num(m.group(3));
            // two-digit years as Python's %y reads them: 69..99 are 1900s, 00..68 2000s
            if (m.group(3).length() == 2) y += y >= 69 ? 1900 : 2000;
            return at(y, num(m.group(1)), num(m.group(2)), num(m.group(4)), num(m.group(5)), num(m.group(6)),
                    m.group(7), m.group(8), null);
        }
        m = COMPACT.matcher(s);
        if (m.matches()) return at(num(m.group(1)), num(m.group(2)), num(m.group(3)), 0, 0, 0, null, null, null);
        m = RFC1123.matcher(s);
        if (m.matches()) {
            int month = MONTHS.indexOf(m.group(2).toLowerCase(java.util.Locale.ROOT)) + 1;
            if (month == 0) return null;
            return at(num(m.group(3)), month, num(m.group(1)), num(m.group(4)), num(m.group(5)), num(m.group(6)), null,
                    null, m.group(7));
        }
        return null;
    }

    private static int num(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static Instant at(int y, int mo, int d, int h, int mi, int se, String fraction, String ampm, String zone) {
        if (ampm != null) {
            if (h < 1 || h > 12) return null;
            boolean pm = Character.toUpperCase(ampm.charAt(0)) == 'P';
            h = h % 12 + (pm ? 12 : 0);
        }
        if (h > 23 || mi > 59 || se > 59) return null;
        int nanos = 0;
        if (fraction != null) {
            nanos = Integer.parseInt(fraction);
            for (int i = fraction.length(); i < 9; i++) nanos *= 10;
        }
        try {
            ZoneOffset offset = zone == null || zone.equalsIgnoreCase("Z") || zone.equals("UTC") || zone.equals("GMT")
                    ? ZoneOffset.UTC : offset(zone);
            if (offset == null) return null;
            return LocalDate.of(y, mo, d).atTime(h, mi, se, nanos).toInstant(offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code +02:00}, {@code +0200} or {@code +02}. */
    private static ZoneOffset offset(String z) {
        int sign = z.charAt(0) == '-' ? -1 : 1;
        String digits = z.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() == 4 ? Integer.parseInt(digits.substring(2)) : 0;
        if (digits.length() != 2 && digits.length() != 4) return null;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
