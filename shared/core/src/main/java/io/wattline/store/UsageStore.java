package io.wattline.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Request and point counters of the detection API, per API key, in total and per UTC day. */
public interface UsageStore {
    /** Counts one request of {@code operation} with {@code points} points. */
    void record(String keyId, String operation, int points, Instant at);

    record Day(LocalDate date, long requests, long points) {}

    record Usage(String keyId, long requests, long points, Map<String, Long> byOperation, List<Day> days) {}

    /** The key's totals and its last {@code days} days (most recent first). */
    Usage get(String keyId, int days, Instant now);
}
