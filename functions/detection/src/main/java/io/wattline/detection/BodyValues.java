package io.wattline.detection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A request body as plain Java values, the suite's JSON trees (the same strings, numbers of the same types, booleans,
 * nulls and lists as {@link io.wattline.http.Json#readTree}), except that an object of up to {@value #SMALL} fields is a
 * {@link Fields} map, its fields in order in one array, instead of a {@code LinkedHashMap} with a hash table and an
 * entry per field. An 8,640-point series is 8,640 such objects: they took a third of the body's parse and 1.9 MB per
 * request. The tokens are jackson-core's: duplicate fields refused, NaN and Infinity read (and then refused as
 * BadArgument), numbers by its fast (still correctly rounded) parser, which halves the parse of 8,640 points.
 */
final class BodyValues {
    /** Objects with more fields than this are LinkedHashMaps, as before. */
    static final int SMALL = 8;

    private static final JsonFactory BODY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private BodyValues() {}

    /** The body's one JSON value; '{...}xyz' is not JSON (Python's json.loads: "Extra data"), nor is an empty text. */
    static Object read(String body) throws IOException {
        try (JsonParser p = BODY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new JsonParseException(p, "No content");
            Object value = value(p, first);
            if (p.nextToken() != null) throw new JsonParseException(p, "Extra data after the JSON value");
            return value;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p, p.nextFieldName());
            case FIELD_NAME:
                return object(p, p.currentName());
            case END_OBJECT:
                return new LinkedHashMap<String, Object>(2);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) list.add(value(p, e));
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue(); // as the untyped reading of databind and jackson-jr: a Double
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_EMBEDDED_OBJECT:
                return p.getEmbeddedObject();
            default:
                throw new JsonParseException(p, "Unexpected token " + t);
        }
    }

    /** The object whose first field's name the parser is at (null: an empty object). */
    private static Object object(JsonParser p, String name) throws IOException {
        Fields small = new Fields();
        Map<String, Object> large = null;
        for (; name != null; name = p.nextFieldName()) {
            Object v = value(p, p.nextToken());
            if (large != null) {
                large.put(name, v);
            } else if (small.size < SMALL) {
                small.add(name, v);
            } else {
                large = new LinkedHashMap<>(small);
                large.put(name, v);
            }
        }
        return large != null ? large : small;
    }

    /**
     * A few fields in their order, read-only; looked up by comparing names (a parser's names are the same String objects
     * from field to field, so mostly by identity). The fields' names are unique: the mapper refuses duplicates.
     */
    static final class Fields extends AbstractMap<String, Object> {
        private Object[] kv = new Object[4];
        private int size;

        void add(String name, Object value) {
            if (2 * size == kv.length) kv = java.util.Arrays.copyOf(kv, 2 * kv.length);
            kv[2 * size] = name;
            kv[2 * size + 1] = value;
            size++;
        }

        private int indexOf(Object name) {
            for (int i = 0; i < 2 * size; i += 2) if (kv[i] == name) return i;
            if (name == null) return -1;
            for (int i = 0; i < 2 * size; i += 2) if (name.equals(kv[i])) return i;
            return -1;
        }

        @Override
        public Object get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : kv[i + 1];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        int i;

                        @Override
                        public boolean hasNext() {
                            return i < size;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (i >= size) throw new NoSuchElementException();
                            Entry<String, Object> e = new SimpleImmutableEntry<>((String) kv[2 * i], kv[2 * i + 1]);
                            i++;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }
}
