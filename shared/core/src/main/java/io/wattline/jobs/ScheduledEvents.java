package io.wattline.jobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The EventBridge {@code Scheduled Event} a rule sends when a job fires: one definition for the
 * local scheduler, manual triggers and the {@code events/} samples, so all of them look like AWS.
 */
public final class ScheduledEvents {
    public static final String RULE_PREFIX = "wattline";

    private ScheduledEvents() {}

    public static Map<String, Object> of(Job job, Instant time, String region, String account) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.nameUUIDFromBytes((job.id() + "@" + time).getBytes()).toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", account);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.put("resources", List.of("arn:aws:events:" + region + ":" + account + ":rule/" + job.ruleName(RULE_PREFIX)));
        event.put("detail", Map.of());
        return event;
    }
}
