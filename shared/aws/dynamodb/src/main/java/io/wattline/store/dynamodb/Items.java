package io.wattline.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Reading and writing attribute values without ceremony. */
public final class Items {
    private Items() {}

    public static AttributeValue s(String v) { return AttributeValue.fromS(v); }
    /** DynamoDB's smallest non-zero magnitude; below it a write fails with "Number underflow". */
    public static final double SMALLEST = 1e-130;

    /** A number; magnitudes DynamoDB cannot hold below 1e-130 are stored as zero (callers bound the large ones). */
    public static AttributeValue n(double v) { return AttributeValue.fromN(Double.toString(Math.abs(v) < SMALLEST ? 0.0 : v)); }
    public static AttributeValue n(long v) { return AttributeValue.fromN(Long.toString(v)); }
    public static AttributeValue bool(boolean v) { return AttributeValue.fromBool(v); }

    public static void putIfPresent(Map<String, AttributeValue> item, String name, Double v) {
        if (v != null) item.put(name, n(v));
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static UUID uuid(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : UUID.fromString(v);
    }

    public static double dbl(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0.0 : Double.parseDouble(v.n());
    }

    public static Double dblOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Double.valueOf(v.n());
    }

    public static long lng(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0L : Long.parseLong(v.n());
    }

    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    public static Instant millis(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(lng(item, name));
    }
}
