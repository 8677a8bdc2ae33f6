package io.wattline.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JacksonJrExtension;
import com.fasterxml.jackson.jr.ob.api.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the suite, one place, configured once: jackson-jr on jackson-core, with {@link JsonRecords} for the
 * wire conventions jackson-jr does not know (names in snake_case, per-field {@code @JsonInclude}, {@code @JsonUnwrapped},
 * instants as {@link Times#iso}). Jackson databind, which did this before, cost each fresh JVM ~385 ms before its
 * first answer; jackson-jr ~145 (docs/BENCHMARKS.md, "What each cold-start change bought").
 *
 * <p>A JSON tree here is plain Java values: a {@code Map<String, Object>} in field order, a {@code List<Object>},
 * a {@code String}, a {@code Number} ({@code Integer}, {@code Long}, {@code BigInteger} or {@code Double}), a
 * {@code Boolean} or null.
 */
public final class Json {
    /** The factory of every parser and generator: the fast number parser is exact too (correctly rounded). */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            // {"readings":[<bad>],"readings":[<good>]} is ambiguous: refuse it rather than let the last one win
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Wire names of the FastAPI-style APIs (/api/v1, /system): records in camelCase, JSON in snake_case. */
    public static final Json SNAKE = new Json(true);
    /** Plain mapper: wire names are the Java names (Azure's camelCase, AWS events). */
    public static final Json PLAIN = new Json(false);

    /** Jackson's advice to its own programmer ("enable `JsonReadFeature...` to allow"), not for the API's client. */
    private static final java.util.regex.Pattern PARSER_HINT = java.util.regex.Pattern.compile(":? *enable `.*$", java.util.regex.Pattern.DOTALL);
    /** Where a limit comes from (", from `StreamReadConstraints.getMaxNestingDepth()`"): a Java name, not the client's business. */
    private static final java.util.regex.Pattern LIMIT_SOURCE = java.util.regex.Pattern.compile(",? *from `[^`]*`");
    /** Anything still naming Java internals after the above: then the client gets a plain sentence instead. */
    private static final java.util.regex.Pattern JAVA_NAME = java.util.regex.Pattern.compile(
            "com\\.fasterxml|java\\.|javax\\.|io\\.wattline|Exception|`|\\w\\(\\)");

    private final boolean snakeCase;
    private final JSON json;

    private Json(boolean snakeCase) {
        this.snakeCase = snakeCase;
        JsonRecords conventions = new JsonRecords(snakeCase);
        this.json = JSON.builder(FACTORY)
                .enable(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.PRESERVE_FIELD_ORDERING)
                .disable(JSON.Feature.USE_DEFERRED_MAPS, JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY)
                .register(new JacksonJrExtension() {
                    @Override
                    protected void register(ExtensionContext ctx) {
                        ctx.insertProvider(conventions.writers());
                        ctx.insertModifier(conventions);
                    }
                })
                .build();
    }

    /** Whether records' names are written in snake_case (else as their Java names). */
    public boolean snakeCase() {
        return snakeCase;
    }

    public static String write(Json mapper, Object value) {
        try {
            return mapper.json.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + (value == null ? "null" : value.getClass().getSimpleName()), e);
        }
    }

    /**
     * As {@link #write(Json, Object)}, into one builder of {@code expectedChars} characters to begin with: a long
     * answer (an 8,640-point detection, 650 kB) is then kept as Latin-1 bytes once and copied once into its String,
     * instead of growing a builder step by step. The same characters; a longer answer makes the builder grow.
     */
    public static String write(Json mapper, Object value, int expectedChars) {
        java.io.StringWriter out = new java.io.StringWriter(expectedChars); // the generator hands it whole buffers: few appends
        try {
            mapper.json.write(value, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
        return out.toString();
    }

    /** {@code value} written to {@code out} (not closed). */
    public void writeValue(OutputStream out, Object value) throws IOException {
        try (JsonGenerator g = createGenerator(out)) {
            json.write(value, g);
        }
    }

    /** A generator writing UTF-8 to {@code out}; closing it flushes {@code out} but leaves it open. */
    public JsonGenerator createGenerator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    /**
     * {@code text} as a JSON string written from its UTF-8 bytes, which Jackson escapes faster than the String's
     * characters (figures in docs/BENCHMARKS.md). For the bodies inside events; {@code g} must write bytes (a generator
     * on an {@code OutputStream}). An unpaired surrogate, which no UTF-8 body can carry, becomes {@code ?}.
     */
    public static void writeText(JsonGenerator g, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        g.writeUTF8String(utf8, 0, utf8.length);
    }

    /** A record (or a map, list or scalar) read from JSON written by this mapper; unknown fields are ignored. */
    public <T> T readValue(String content, Class<T> type) throws JsonProcessingException {
        try {
            return bound(readTree(content), type);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) { // no I/O reading a String
            throw new IllegalStateException(e);
        }
    }

    public <T> T readValue(byte[] content, Class<T> type) throws JsonProcessingException {
        try (JsonParser p = FACTORY.createParser(content)) {
            return bound(readWhole(p), type);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) { // no I/O reading bytes
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #fromTree}, a value that does not fit the type being malformed input as the parser's are. */
    private <T> T bound(Object tree, Class<T> type) throws JsonProcessingException {
        try {
            return fromTree(tree, type);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, e.getMessage(), e);
        }
    }

    /** A tree (see the class's note) as {@code type}, read as this mapper reads JSON. */
    public <T> T fromTree(Object tree, Class<T> type) {
        return type.cast(JsonRecords.bind(tree, type, snakeCase));
    }

    /** {@code value} as the tree its JSON would read back as (a record becomes a map of its written fields). */
    public Object toTree(Object value) {
        try (JsonParser p = FACTORY.createParser(write(this, value))) {
            return readWhole(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot convert " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code value}'s fields as written (a job's result as a map for its log line and its run's record). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap(Object value) {
        Object tree = toTree(value);
        if (!(tree instanceof Map<?, ?> m)) throw new IllegalArgumentException(value.getClass().getSimpleName() + " is not written as an object");
        return (Map<String, Object>) m;
    }

    /** A JSON text as a tree; null for an empty text. Malformed JSON and anything after the value are refused. */
    public static Object readTree(String content) throws IOException {
        try (JsonParser p = FACTORY.createParser(content)) {
            return readWhole(p);
        }
    }

    public static Object readTree(InputStream content) throws IOException {
        try (JsonParser p = FACTORY.createParser(content)) {
            return readWhole(p);
        }
    }

    private static Object readWhole(JsonParser p) throws IOException {
        if (p.nextToken() == null) return null;
        Object value = JsonRecords.TREES.anyFrom(p);
        JsonToken after = p.nextToken();
        if (after != null) {
            // '{...}xyz' is not JSON (Python's json.loads: "Extra data"), not a body with something after it; the
            // client is told "Malformed JSON" at the extra token, as before
            throw new com.fasterxml.jackson.core.JsonParseException(p, "Malformed JSON: extra data after the value (`"
                    + after + "`)", p.currentTokenLocation());
        }
        return value;
    }

    /** Parses a request body; malformed JSON is the client's error, reported as FastAPI does. */
    public static Object parseBody(String body) {
        if (body == null || body.isBlank()) {
            throw new ValidationException(FieldError.of("missing", List.of("body"), "Field required", null));
        }
        try {
            return readTree(body);
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 0 : (int) e.getLocation().getCharOffset();
            throw new ValidationException(FieldError.of("json_invalid", List.of("body", Math.max(column, 0)),
                    "JSON decode error", clientMessage(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ValidationException(FieldError.of("json_invalid", List.of("body", 0), "JSON decode error", "Malformed JSON"));
        }
    }

    /** The parser's complaint in words for the API's client: no Java class, method or configuration names. */
    static String clientMessage(String parserMessage) {
        String m = LIMIT_SOURCE.matcher(PARSER_HINT.matcher(parserMessage == null ? "" : parserMessage).replaceAll("")).replaceAll("");
        return JAVA_NAME.matcher(m).find() || m.isBlank() ? "Malformed JSON" : m.strip();
    }

    /**
     * A tree value's text as a JSON node's {@code asText()} gave it: a string itself, a number or boolean in digits or
     * words, {@code "null"}; an object or array has none ({@code ""}).
     */
    public static String text(Object value) {
        return value == null ? "null" : value instanceof Map || value instanceof List ? "" : value.toString();
    }

    /** The text of an object's field ({@link #text}); {@code ""} when it is missing or null. */
    public static String text(Map<String, ?> object, String field) {
        Object v = object.get(field);
        return v == null ? "" : text(v);
    }
}
