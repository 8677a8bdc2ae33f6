package io.wattline.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON mappers of the suite: one place, configured once. */
public final class Json {
    /** Wire names of the FastAPI-style APIs (/api/v1, /system): records in camelCase, JSON in snake_case. */
    public static final ObjectMapper SNAKE = base().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    /** Plain mapper: wire names are the Java names (Azure's camelCase, AWS events). */
    public static final ObjectMapper PLAIN = base();

    /** Jackson's advice to its own programmer ("enable `JsonReadFeature...` to allow"), not for the API's client. */
    private static final java.util.regex.Pattern PARSER_HINT = java.util.regex.Pattern.compile(":? *enable `.*$", java.util.regex.Pattern.DOTALL);
    /** Where a limit comes from (", from `StreamReadConstraints.getMaxNestingDepth()`"): a Java name, not the client's business. */
    private static final java.util.regex.Pattern LIMIT_SOURCE = java.util.regex.Pattern.compile(",? *from `[^`]*`");
    /** Anything still naming Java internals after the above: then the client gets a plain sentence instead. */
    private static final java.util.regex.Pattern JAVA_NAME = java.util.regex.Pattern.compile(
            "com\\.fasterxml|java\\.|javax\\.|io\\.wattline|Exception|`|\\w\\(\\)");

    private Json() {}

    private static ObjectMapper base() {
        // the fast number parser is exact too (correctly rounded), and halves the parse of a long series
        return new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build())
                // {"readings":[<bad>],"readings":[<good>]} is ambiguous: refuse it rather than let the last one win
                .configure(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("wattline-time")
                        .addSerializer(double[].class, new DoubleArraySerializer())
                        .addSerializer(java.time.Instant.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase(java.time.Instant.class) {
                            @Override
                            public String valueToString(Object value) {
                                return Times.iso((java.time.Instant) value);
                            }
                        })
                        .addDeserializer(java.time.Instant.class, new com.fasterxml.jackson.databind.deser.std.FromStringDeserializer<>(java.time.Instant.class) {
                            @Override
                            protected java.time.Instant _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext ctxt) {
                                return java.time.Instant.parse(value);
                            }
                        }));
    }

    /**
     * {@code double[]} as Jackson writes it (the JDK's shortest digits, {@code Double.toString}'s), but each finite number
     * appended to one reused builder instead of becoming a String of its own: the answer of an 8,640-point detection
     * (35,000 numbers) allocates less than half as much (5.66 → 2.63 MB, docs/BENCHMARKS.md). Everything else goes to
     * Jackson's own serializer: NaN and the infinities, conversions to trees and values ({@code valueToTree} writes
     * into a {@code TokenBuffer}, which would keep the digits as text), a single element unwrapped, type information,
     * and properties with their own {@code @JsonFormat}.
     */
    static final class DoubleArraySerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<double[]>
            implements com.fasterxml.jackson.databind.ser.ContextualSerializer {
        private static final com.fasterxml.jackson.databind.ser.std.StdArraySerializers.DoubleArraySerializer JACKSON =
                new com.fasterxml.jackson.databind.ser.std.StdArraySerializers.DoubleArraySerializer();

        DoubleArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
            if (g instanceof com.fasterxml.jackson.databind.util.TokenBuffer || (values.length == 1
                    && provider.isEnabled(SerializationFeature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED))) {
                JACKSON.serialize(values, g, provider);
                return;
            }
            g.writeStartArray(values, values.length);
            StringBuilder digits = new StringBuilder(32);
            char[] chars = new char[32]; // the longest double, "-2.2250738585072014E-308", has 24
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    g.writeNumber(v);
                    continue;
                }
                digits.setLength(0);
                digits.append(v);
                int n = digits.length();
                digits.getChars(0, n, chars, 0);
                g.writeNumber(chars, 0, n); // the generator's own number path: separators, numbers-as-strings
            }
            g.writeEndArray();
        }

        @Override
        public void serializeWithType(double[] values, JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider provider,
                                      com.fasterxml.jackson.databind.jsontype.TypeSerializer typeSer) throws IOException {
            JACKSON.serializeWithType(values, g, provider, typeSer);
        }

        @Override
        public com.fasterxml.jackson.databind.JsonSerializer<?> createContextual(com.fasterxml.jackson.databind.SerializerProvider provider,
                                                                                 com.fasterxml.jackson.databind.BeanProperty property)
                throws com.fasterxml.jackson.databind.JsonMappingException {
            com.fasterxml.jackson.databind.JsonSerializer<?> formatted = JACKSON.createContextual(provider, property);
            return formatted == JACKSON ? this : formatted; // a property's own format: Jackson's serializer, as configured
        }

        @Override
        public boolean isEmpty(com.fasterxml.jackson.databind.SerializerProvider provider, double[] value) {
            return value.length == 0;
        }
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

    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * As {@link #write(ObjectMapper, Object)}, into one builder of {@code expectedChars} characters to begin with: a long
     * answer (an 8,640-point detection, 650 kB) is then kept as Latin-1 bytes once and copied once into its String,
     * instead of going through Jackson's segments of UTF-16 characters and a builder of its own (2.6 -> 1.5 MB
     * allocated per answer, docs/BENCHMARKS.md). The same characters; a longer answer makes the builder grow.
     */
    public static String write(ObjectMapper mapper, Object value, int expectedChars) {
        java.io.StringWriter out = new java.io.StringWriter(expectedChars); // Jackson hands it whole buffers: few appends
        try {
            mapper.writeValue(out, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
        return out.toString();
    }

    /** Parses a request body; malformed JSON is the client's error, reported as FastAPI does. */
    public static JsonNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            throw new ValidationException(FieldError.of("missing", java.util.List.of("body"), "Field required", null));
        }
        try {
            return PLAIN.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 0 : (int) e.getLocation().getCharOffset();
            throw new ValidationException(FieldError.of("json_invalid", java.util.List.of("body", Math.max(column, 0)),
                    "JSON decode error", clientMessage(e.getOriginalMessage())));
        }
    }

    /** The parser's complaint in words for the API's client: no Java class, method or configuration names. */
    static String clientMessage(String parserMessage) {
        String m = LIMIT_SOURCE.matcher(PARSER_HINT.matcher(parserMessage == null ? "" : parserMessage).replaceAll("")).replaceAll("");
        return JAVA_NAME.matcher(m).find() || m.isBlank() ? "Malformed JSON" : m.strip();
    }
}
