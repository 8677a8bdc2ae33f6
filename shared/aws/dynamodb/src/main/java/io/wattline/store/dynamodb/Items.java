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

    /**
     * An item's size as DynamoDB counts it against its 400 KB limit, rounded up: each attribute's name in UTF-8 plus
     * its value ({@link #size(AttributeValue)}).
     */
    public static long size(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (var e : item.entrySet()) bytes += size(e.getKey(), e.getValue());
        return bytes;
    }

    /** One attribute's share of its item's size: its name in UTF-8 and its value. */
    public static long size(String name, AttributeValue value) {
        return utf8(name) + size(value);
    }

    /**
     * A value's size by DynamoDB's published rules, rounded up: a string its UTF-8 bytes, a number 1 byte per two
     * significant digits plus 1, null and boolean 1 byte, a list or map 3 bytes plus 1 per element and the elements
     * (a map's names too); binary and sets by their contents.
     */
    public static long size(AttributeValue v) {
        if (v.s() != null) return utf8(v.s());
        if (v.n() != null) return numberSize(v.n());
        if (v.b() != null) return v.b().asByteArray().length;
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasL()) {
            long bytes = 3;
            for (AttributeValue e : v.l()) bytes += 1 + size(e);
            return bytes;
        }
        if (v.hasM()) {
            long bytes = 3;
            for (var e : v.m().entrySet()) bytes += 1 + size(e.getKey(), e.getValue());
            return bytes;
        }
        if (v.hasSs()) return v.ss().stream().mapToLong(Items::utf8).sum();
        if (v.hasNs()) return v.ns().stream().mapToLong(Items::numberSize).sum();
        if (v.hasBs()) return v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        return 1;
    }

    private static long numberSize(String n) {
        String digits = n.toLowerCase(java.util.Locale.ROOT);
        int e = digits.indexOf('e');
        if (e >= 0) digits = digits.substring(0, e);
        digits = digits.replace("-", "").replace("+", "").replace(".", "");
        digits = digits.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return (Math.max(1, digits.length()) + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public static Instant millis(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(lng(item, name));
    }
}
