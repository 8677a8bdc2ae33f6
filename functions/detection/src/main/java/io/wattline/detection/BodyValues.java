package io.wattline.detection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

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
 * A request body as plain values, the ones Jackson's own untyped deserializer gives (the same strings, numbers of the
 * same types, booleans, nulls and lists), except that an object of up to {@value #SMALL} fields is a {@link Fields}
 * map, its fields in order in one array, instead of a {@code LinkedHashMap} with a hash table and an entry per field.
 * An 8,640-point series is 8,640 such objects: they took a third of the body's parse and 1.9 MB per request.
 * The tokens are Jackson's (duplicate fields, NaN, nesting limits and trailing tokens as the mapper is configured).
 */
final class BodyValues extends StdDeserializer<Object> {
    /** Objects with more fields than this are LinkedHashMaps, as before. */
    static final int SMALL = 8;

    BodyValues() {
        super(Object.class);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return value(p, ctxt, p.currentToken());
    }

    private Object value(JsonParser p, DeserializationContext ctxt, JsonToken t) throws IOException {
        if (t == null) return ctxt.handleUnexpectedToken(Object.class, p);
        switch (t) {
            case START_OBJECT:
                return object(p, ctxt, p.nextFieldName());
            case FIELD_NAME:
                return object(p, ctxt, p.currentName());
            case END_OBJECT:
                return new LinkedHashMap<String, Object>(2);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) list.add(value(p, ctxt, e));
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return ctxt.hasSomeOfFeatures(F_MASK_INT_COERCIONS) ? _coerceIntegral(p, ctxt) : p.getNumberValue();
            case VALUE_NUMBER_FLOAT: {
                // as Jackson's untyped deserializer (_deserializeFP)
                JsonParser.NumberTypeFP nt = p.getNumberTypeFP();
                if (nt == JsonParser.NumberTypeFP.BIG_DECIMAL) return p.getDecimalValue();
                if (!p.isNaN() && ctxt.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)) return p.getDecimalValue();
                if (nt == JsonParser.NumberTypeFP.FLOAT32) return p.getFloatValue();
                return p.getDoubleValue();
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_EMBEDDED_OBJECT:
                return p.getEmbeddedObject();
            default:
                return ctxt.handleUnexpectedToken(Object.class, p);
        }
    }

    /** The object whose first field's name the parser is at (null: an empty object). */
    private Object object(JsonParser p, DeserializationContext ctxt, String name) throws IOException {
        Fields small = new Fields();
        Map<String, Object> large = null;
        for (; name != null; name = p.nextFieldName()) {
            Object v = value(p, ctxt, p.nextToken());
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
