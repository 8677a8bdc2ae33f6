package io.wattline.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

/** A plant: its local time zone drives tariffs and local-day KPIs; its region the carbon factor. */
public record Factory(UUID id, String name, String location, String timezone, String currency, String carbonRegion) {
    /** The factory's time zone; UTC when it has none or one the JDK does not know (the catalogue import checks it). */
    public ZoneId zone() {
        if (timezone == null) return ZoneOffset.UTC;
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
