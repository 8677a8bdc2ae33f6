package io.wattline.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Reading and writing attribute values without ceremony. */
final class Items {
    private Items() {}

    static AttributeValue s(String v) { return AttributeValue.fromS(v); }
    /** DynamoDB's smallest non-zero magnitude; below it a write fails with "Number underflow". */
    static final double SMALLEST = 1e-130;

    /** A number; magnitudes DynamoDB cannot hold below 1e-130 are stored as zero (callers bound the large ones). */
    static AttributeValue n(double v) { return AttributeValue.fromN(Double.toString(Math.abs(v) < SMALLEST ? 0.0 : v)); }
    static AttributeValue n(long v) { return AttributeValue.fromN(Long.toString(v)); }
    static AttributeValue bool(boolean v) { return AttributeValue.fromBool(v); }

    static void putIfPresent(Map<String, AttributeValue> item, String name, Double v) {
        if (v != null) item.put(name, n(v));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static UUID uuid(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : UUID.fromString(v);
    }

    static double dbl(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0.0 : Double.parseDouble(v.n());
    }

    static Double dblOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Double.valueOf(v.n());
    }

    static long lng(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0L : Long.parseLong(v.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static Instant millis(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(lng(item, name));
    }
}
