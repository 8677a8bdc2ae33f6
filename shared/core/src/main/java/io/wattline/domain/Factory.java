package io.wattline.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

/** A plant: its local time zone drives tariffs and local-day KPIs; its region the carbon factor. */
public record Factory(UUID id, String name, String location, String timezone, String currency, String carbonRegion) {
    /** The factory's time zone; UTC when it has none or one the JDK does not know (the catalogue import checks it). */
    public ZoneId zone() {
        return knownZone().orElse(ZoneOffset.UTC);
    }

    /** The factory's time zone, if it names one the JDK knows. */
    public java.util.Optional<ZoneId> knownZone() {
        if (timezone == null) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(ZoneId.of(timezone));
        } catch (DateTimeException e) {
            return java.util.Optional.empty();
        }
    }
}
