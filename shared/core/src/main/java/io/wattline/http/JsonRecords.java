package io.wattline.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.api.ReaderWriterModifier;
import com.fasterxml.jackson.jr.ob.api.ValueWriter;
import com.fasterxml.jackson.jr.ob.impl.JSONWriter;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The suite's wire conventions, as a jackson-jr modifier for writing and a binder for reading: a record is an object
 * of its components in declaration order, each named by its {@code @JsonProperty} or its Java name (in snake_case for
 * {@link Json#SNAKE}), left out by {@code @JsonIgnore} or by its (or its record's) {@code @JsonInclude} NON_NULL or
 * NON_EMPTY, its fields inlined by {@code @JsonUnwrapped}, and read back by that name or a {@code @JsonAlias}; an
 * instant is {@link Times#iso} text; an enum its name (also as a map's key); a {@code double[]} the JDK's shortest
 * digits. What jackson-jr lacks for these (per-field inclusion, unwrapping,
 * renaming strategies, arrays and instants in records it reads, enums and map keys by name) is all here; the rest
 * (lists, numbers, text, the generator) is jackson-jr's and jackson-core's.
 */
final class JsonRecords extends ReaderWriterModifier {
    /** Trees: objects as LinkedHashMaps in field order, numbers as Integer, Long, BigInteger or Double. */
    static final JSON TREES = JSON.builder(Json.FACTORY)
            .enable(JSON.Feature.PRESERVE_FIELD_ORDERING)
            .disable(JSON.Feature.USE_DEFERRED_MAPS)
            .build();

    private static final Map<Class<?>, Shape> SNAKE_SHAPES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Shape> PLAIN_SHAPES = new ConcurrentHashMap<>();

    private final boolean snakeCase;

    JsonRecords(boolean snakeCase) {
        this.snakeCase = snakeCase;
    }

    /**
     * The writers of records and instants, asked before jackson-jr introspects a class as a bean (a modifier would be
     * asked after: each record's bean description built at a cold start for nothing).
     */
    com.fasterxml.jackson.jr.ob.api.ReaderWriterProvider writers() {
        return new com.fasterxml.jackson.jr.ob.api.ReaderWriterProvider() {
            @Override
            public ValueWriter findValueWriter(JSONWriter context, Class<?> type) {
                if (type == Instant.class) return INSTANT; // a bean to jackson-jr (getEpochSecond, getNano)
                return type.isRecord() ? new RecordWriter(shape(type, snakeCase), snakeCase) : null;
            }
        };
    }

    @Override
    public ValueWriter overrideStandardValueWriter(JSONWriter context, Class<?> type, int stdTypeId) {
        if (type == double[].class) return DOUBLES;
        if (type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())) return ENUM;
        if (Map.class.isAssignableFrom(type)) return MAP;
        return null;
    }

    // --- names -----------------------------------------------------------------------------------------------------

    /**
     * {@code fooBarBaz} as {@code foo_bar_baz}, as Jackson's SNAKE_CASE strategy has it: an underscore before an upper
     * case letter that follows a lower case one (or a digit), none within a run of capitals ({@code kWh} is {@code k_wh},
     * {@code p95Ms} is {@code p95_ms}), a leading underscore dropped.
     */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() * 2);
        boolean previousUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0 && c == '_') continue;
            if (Character.isUpperCase(c)) {
                if (!previousUpper && !out.isEmpty() && out.charAt(out.length() - 1) != '_') out.append('_');
                c = Character.toLowerCase(c);
                previousUpper = true;
            } else {
                previousUpper = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    // --- a record's shape -----------------------------------------------------------------------------------------

    /** What to write of one component, and how to read it back. */
    private record Part(String name, MethodHandle accessor, Type type, JsonInclude.Include include, boolean unwrapped,
                        List<String> aliases) {}

    private record Shape(Class<?> type, List<Part> parts, Constructor<?> constructor) {}

    private static Shape shape(Class<?> type, boolean snakeCase) {
        return (snakeCase ? SNAKE_SHAPES : PLAIN_SHAPES).computeIfAbsent(type, t -> shapeOf(t, snakeCase));
    }

    private static Shape shapeOf(Class<?> type, boolean snakeCase) {
        JsonInclude classInclude = type.getAnnotation(JsonInclude.class);
        RecordComponent[] components = type.getRecordComponents();
        List<Part> parts = new ArrayList<>(components.length);
        Class<?>[] parameterTypes = new Class<?>[components.length];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            parameterTypes[i] = c.getType();
            JsonIgnore ignore = annotation(type, c, JsonIgnore.class);
            JsonProperty renamed = annotation(type, c, JsonProperty.class);
            JsonInclude include = annotation(type, c, JsonInclude.class);
            boolean unwrapped = annotation(type, c, JsonUnwrapped.class) != null;
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value()
                    : snakeCase ? snakeCase(c.getName()) : c.getName();
            JsonInclude.Include rule = include != null && include.value() != JsonInclude.Include.USE_DEFAULTS ? include.value()
                    : classInclude != null ? classInclude.value() : JsonInclude.Include.ALWAYS;
            if (rule == JsonInclude.Include.NON_DEFAULT || rule == JsonInclude.Include.CUSTOM) {
                throw new IllegalStateException(type.getName() + "." + c.getName() + ": @JsonInclude(" + rule + ") is not supported");
            }
            MethodHandle accessor;
            try {
                c.getAccessor().setAccessible(true);
                // (Object) -> Object once, so that each call is an invokeExact without adapting its types
                accessor = lookup.unreflect(c.getAccessor()).asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalStateException("cannot read " + type.getName() + "." + c.getName(), e);
            }
            com.fasterxml.jackson.annotation.JsonAlias alias = annotation(type, c, com.fasterxml.jackson.annotation.JsonAlias.class);
            parts.add(new Part(ignore != null && ignore.value() ? null : name, accessor, c.getGenericType(), rule, unwrapped,
                    alias == null ? List.of() : List.of(alias.value())));
        }
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            constructor = null; // written only
        }
        return new Shape(type, List.copyOf(parts), constructor);
    }

    /** A component's annotation wherever Java put it: the field, the accessor or the component itself. */
    private static <A extends java.lang.annotation.Annotation> A annotation(Class<?> type, RecordComponent c, Class<A> annotation) {
        A a = c.getAccessor().getAnnotation(annotation);
        if (a != null) return a;
        try {
            a = type.getDeclaredField(c.getName()).getAnnotation(annotation);
        } catch (NoSuchFieldException e) {
            a = null;
        }
        return a != null ? a : c.getAnnotation(annotation);
    }

    // --- writing --------------------------------------------------------------------------------------------------

    private record RecordWriter(Shape shape, boolean snakeCase) implements ValueWriter {
        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object value) throws IOException {
            g.writeStartObject(value);
            writeFields(context, g, shape, value, snakeCase);
            g.writeEndObject();
        }

        private static void writeFields(JSONWriter context, JsonGenerator g, Shape shape, Object value, boolean snakeCase) throws IOException {
            for (Part p : shape.parts()) {
                if (p.name() == null) continue;
                Object v;
                try {
                    v = (Object) p.accessor().invokeExact(value);
                } catch (Throwable e) {
                    throw new IOException("cannot read " + shape.type().getSimpleName() + "." + p.name(), e);
                }
                if (p.unwrapped()) {
                    if (v != null && !v.getClass().isRecord()) {
                        throw new IllegalStateException("@JsonUnwrapped " + shape.type().getSimpleName() + "." + p.name() + ": only records are unwrapped");
                    }
                    if (v != null) writeFields(context, g, JsonRecords.shape(v.getClass(), snakeCase), v, snakeCase);
                    continue;
                }
                if (left(p.include(), v)) continue;
                g.writeFieldName(p.name());
                context.writeValue(v);
            }
        }

        @Override
        public Class<?> valueType() {
            return shape.type();
        }
    }

    /** Whether {@code @JsonInclude}'s rule leaves {@code v} out. */
    private static boolean left(JsonInclude.Include rule, Object v) {
        return switch (rule) {
            case NON_NULL, NON_ABSENT -> v == null;
            case NON_EMPTY -> v == null || (v instanceof CharSequence s && s.isEmpty())
                    || (v instanceof Collection<?> c && c.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty())
                    || (v.getClass().isArray() && Array.getLength(v) == 0);
            default -> false;
        };
    }

    private static final ValueWriter INSTANT = new Simple(Instant.class) {
        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object value) throws IOException {
            g.writeString(Times.iso((Instant) value));
        }
    };

    /** An enum by its name, as Jackson databind wrote it (jackson-jr writes {@code toString()}). */
    private static final ValueWriter ENUM = new Simple(Enum.class) {
        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object value) throws IOException {
            g.writeString(((Enum<?>) value).name());
        }
    };

    /** A map's entries; an enum key by its name, any other key as its {@code toString()} (as databind wrote keys). */
    private static final ValueWriter MAP = new Simple(Map.class) {
        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object value) throws IOException {
            g.writeStartObject(value);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                Object k = e.getKey();
                g.writeFieldName(k instanceof Enum<?> en ? en.name() : String.valueOf(k));
                context.writeValue(e.getValue());
            }
            g.writeEndObject();
        }
    };

    /**
     * {@code double[]} in the JDK's shortest digits ({@code Double.toString}'s), each finite number appended to one
     * reused builder instead of becoming a String of its own: the answer of an 8,640-point detection (35,000 numbers)
     * allocates less than half as much (docs/BENCHMARKS.md). NaN and the infinities as the generator writes them.
     */
    private static final ValueWriter DOUBLES = new Simple(double[].class) {
        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object value) throws IOException {
            double[] values = (double[]) value;
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
                g.writeNumber(chars, 0, n);
            }
            g.writeEndArray();
        }
    };

    private abstract static class Simple implements ValueWriter {
        private final Class<?> type;

        Simple(Class<?> type) {
            this.type = type;
        }

        @Override
        public Class<?> valueType() {
            return type;
        }
    }

    // --- reading --------------------------------------------------------------------------------------------------

    /**
     * A tree as {@code type}: records by their written names (unknown fields ignored, a missing one null or zero),
     * lists, sets, maps and arrays by their element types, numbers and text converted as Jackson databind converted
     * them (a number's text where a String is wanted, a numeric string where a number is).
     */
    static Object bind(Object tree, Type type, boolean snakeCase) {
        Class<?> raw = rawClass(type);
        if (tree == null) return primitiveDefault(raw);
        if (raw == Object.class) return tree;
        if (raw == String.class) {
            if (tree instanceof Map || tree instanceof List) throw mismatch(tree, raw);
            return tree.toString();
        }
        if (raw == Instant.class) return Instant.parse(string(tree, raw));
        if (raw == java.util.UUID.class) return java.util.UUID.fromString(string(tree, raw));
        if (raw == double.class || raw == Double.class) return number(tree, raw).doubleValue();
        if (raw == float.class || raw == Float.class) return number(tree, raw).floatValue();
        if (raw == long.class || raw == Long.class) return whole(tree, raw, Long.MIN_VALUE, Long.MAX_VALUE);
        if (raw == int.class || raw == Integer.class) return (int) whole(tree, raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (raw == short.class || raw == Short.class) return (short) whole(tree, raw, Short.MIN_VALUE, Short.MAX_VALUE);
        if (raw == BigDecimal.class) return new BigDecimal(number(tree, raw).toString());
        if (raw == BigInteger.class) return new BigInteger(number(tree, raw).toString());
        if (raw == boolean.class || raw == Boolean.class) {
            if (tree instanceof Boolean b) return b;
            if (tree instanceof String s && (s.equals("true") || s.equals("false"))) return Boolean.parseBoolean(s);
            throw mismatch(tree, raw);
        }
        if (raw.isEnum()) return enumValue(raw, string(tree, raw));
        if (raw.isRecord()) return record(tree, raw, snakeCase);
        if (raw.isArray()) {
            List<?> items = list(tree, raw);
            Type element = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            Object out = Array.newInstance(raw.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) Array.set(out, i, bind(items.get(i), element, snakeCase));
            return out;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Type element = typeArgument(type, 0);
            Collection<Object> out = java.util.Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            for (Object item : list(tree, raw)) out.add(bind(item, element, snakeCase));
            return out;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!(tree instanceof Map<?, ?> m)) throw mismatch(tree, raw);
            Type keyType = typeArgument(type, 0), valueType = typeArgument(type, 1);
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Class<?> k = rawClass(keyType);
                Object key = k.isEnum() ? enumValue(k, (String) e.getKey()) : k == Instant.class ? Instant.parse((String) e.getKey()) : e.getKey();
                out.put(key, bind(e.getValue(), valueType, snakeCase));
            }
            return out;
        }
        if (raw.isInstance(tree)) return tree;
        throw new IllegalArgumentException("cannot read " + raw.getName() + " from JSON");
    }

    private static Object record(Object tree, Class<?> type, boolean snakeCase) {
        if (!(tree instanceof Map<?, ?> fields)) throw mismatch(tree, type);
        Shape shape = shape(type, snakeCase);
        if (shape.constructor() == null) throw new IllegalArgumentException("cannot create " + type.getName());
        Object[] args = new Object[shape.parts().size()];
        for (int i = 0; i < args.length; i++) {
            Part p = shape.parts().get(i);
            Object value = p.unwrapped() ? fields : p.name() == null ? null : fields.get(p.name());
            for (int a = 0; value == null && a < p.aliases().size(); a++) value = fields.get(p.aliases().get(a)); // older names
            args[i] = bind(value, p.type(), snakeCase);
        }
        try {
            return shape.constructor().newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException("cannot create " + type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create " + type.getSimpleName(), e);
        }
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        if (type instanceof GenericArrayType g) return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        return Object.class; // a type variable or wildcard: the tree as it is
    }

    private static Type typeArgument(Type type, int i) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > i ? p.getActualTypeArguments()[i] : Object.class;
    }

    private static Object primitiveDefault(Class<?> raw) {
        if (!raw.isPrimitive()) return null;
        if (raw == boolean.class) return false;
        if (raw == double.class) return 0d;
        if (raw == float.class) return 0f;
        if (raw == long.class) return 0L;
        if (raw == short.class) return (short) 0;
        if (raw == char.class) return '\0';
        if (raw == byte.class) return (byte) 0;
        return 0;
    }

    private static Number number(Object tree, Class<?> raw) {
        if (tree instanceof Number n) return n;
        if (tree instanceof String s) {
            try {
                return s.contains(".") || s.contains("e") || s.contains("E") || s.equals("NaN") || s.contains("Infinity")
                        ? Double.parseDouble(s) : new BigInteger(s.strip());
            } catch (NumberFormatException e) {
                throw mismatch(tree, raw);
            }
        }
        throw mismatch(tree, raw);
    }

    /** A whole number within [min, max], refused rather than wrapped around (databind refused it too). */
    private static long whole(Object tree, Class<?> raw, long min, long max) {
        Number n = number(tree, raw);
        BigDecimal v = n instanceof BigInteger b ? new BigDecimal(b) : n instanceof Double || n instanceof Float
                ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) throw mismatch(tree, raw);
        return v.longValue(); // a fraction dropped, as databind took 1.5 for an int
    }

    private static String string(Object tree, Class<?> raw) {
        if (tree instanceof String s) return s;
        throw mismatch(tree, raw);
    }

    private static List<?> list(Object tree, Class<?> raw) {
        if (tree instanceof List<?> l) return l;
        throw mismatch(tree, raw);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static IllegalArgumentException mismatch(Object tree, Class<?> raw) {
        String what = tree instanceof Map ? "an object" : tree instanceof List ? "an array" : tree.getClass().getSimpleName();
        return new IllegalArgumentException("cannot read " + raw.getSimpleName() + " from " + what);
    }
}
