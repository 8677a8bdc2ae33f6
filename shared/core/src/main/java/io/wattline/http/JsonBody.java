package io.wattline.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds a JSON request body's fields as FastAPI does: every problem is collected with its location
 * ({@code ["body", "model_params", "p"]}) and reported together as one 422 by {@link #validate()}; each error echoes
 * the value as it came (a number, {@code true}, an object), as pydantic does.
 */
public final class JsonBody {
    private final Map<?, ?> root;
    private final List<FieldError> errors = new ArrayList<>();

    public JsonBody(String raw) {
        // while the route is described (the OpenAPI document), the handler reads its fields from an empty body
        Object tree = Params.describing() && (raw == null || raw.isBlank()) ? Map.of() : Json.parseBody(raw);
        if (!(tree instanceof Map<?, ?> object)) {
            throw new ValidationException(FieldError.of("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", tree));
        }
        this.root = object;
    }

    /** The top-level field {@code name} as a tree ({@link Json}'s plain values); null when missing or null. */
    public Object node(String name) {
        return root.get(name);
    }

    /**
     * A string field through one of {@link Params}'s converters; null (and an error if required) when absent. A value
     * of another JSON type is refused as pydantic refuses it for a {@code str} field ({@code string_type}).
     */
    public <T> T text(String name, Params.Converter<T> converter, boolean required) {
        Params.note("body", name, required, null, converter);
        Object n = node(name);
        if (n == null) {
            if (required) errors.add(FieldError.missing("body", name));
            return null;
        }
        // a number only where the field takes one in its text (a date-time: Unix time, as pydantic), not for a string
        boolean number = n instanceof Number && converter.accepts("0") && !converter.accepts("x");
        if (!(n instanceof String) && !number) {
            errors.add(FieldError.of("string_type", List.of("body", name), "Input should be a valid string", n));
            return null;
        }
        return convert(converter, loc(name), n);
    }

    /** An error found by the caller, reported with the others. */
    public void reject(FieldError e) {
        errors.add(e);
    }

    /** Whether a problem was found so far (a rule across fields need not add to one of its fields). */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * The node at {@code path}; null when it or a container on the way is missing or null. A container that is there
     * but not an object ({@code "model_params": [..]}) is an error of its own, reported once, as pydantic reports it.
     */
    private Object at(List<Object> path) {
        Object n = root;
        for (int i = 1; i < path.size() && n != null; i++) {
            if (!(n instanceof Map<?, ?> object)) {
                List<Object> container = path.subList(0, i);
                if (notObjects.add(container)) {
                    errors.add(FieldError.of("dict_type", List.copyOf(container), "Input should be a valid dictionary", n));
                }
                return null;
            }
            n = object.get((String) path.get(i));
        }
        return n;
    }

    private final java.util.Set<List<Object>> notObjects = new java.util.HashSet<>();

    /** A required field (a number, or text) converted from its text; null (and an error) if missing or invalid. */
    public <T> T required(Params.Converter<T> converter, Object... path) {
        Params.note("body", dotted(path), true, null, converter);
        List<Object> loc = loc(path);
        Object n = at(loc);
        if (n == null) {
            boolean inBadContainer = notObjects.stream().anyMatch(c -> loc.size() > c.size() && loc.subList(0, c.size()).equals(c));
            if (!inBadContainer) errors.add(FieldError.of("missing", loc, "Field required", null));
            return null;
        }
        return convert(converter, loc, n);
    }

    /** An optional field, or the default when absent. */
    public <T> T optional(Params.Converter<T> converter, T defaultValue, Object... path) {
        Params.note("body", dotted(path), false, defaultValue, converter);
        List<Object> loc = loc(path);
        Object n = at(loc);
        return n == null ? defaultValue : convert(converter, loc, n);
    }

    /** Rejects a bound number outside [min, max] as pydantic's ge/le (or gt/lt when exclusive) would. */
    public Double range(Double v, double min, boolean minExclusive, double max, boolean maxExclusive, Object... path) {
        Params.noteBounds(dotted(path), new Params.Bounds(min, minExclusive, max, maxExclusive));
        if (v == null) return null;
        List<Object> loc = loc(path);
        Object input = at(loc);
        Object shown = input == null ? v : input;
        if (minExclusive ? !(v > min) : !(v >= min)) {
            errors.add(FieldError.of(minExclusive ? "greater_than" : "greater_than_equal", loc,
                    "Input should be greater than " + (minExclusive ? "" : "or equal to ") + number(min), shown));
            return null;
        }
        if (maxExclusive ? !(v < max) : !(v <= max)) {
            errors.add(FieldError.of(maxExclusive ? "less_than" : "less_than_equal", loc,
                    "Input should be less than " + (maxExclusive ? "" : "or equal to ") + number(max), shown));
            return null;
        }
        return v;
    }

    public Integer range(Integer v, int min, int max, Object... path) {
        Double d = range(v == null ? null : v.doubleValue(), min, false, max, false, path);
        return d == null ? null : v;
    }

    public void validate() {
        if (Params.describing()) throw new Params.DescribeStop();
        if (!errors.isEmpty()) throw new ValidationException(errors);
    }

    /** A field's path as the description names it: {@code model_params.p}. */
    private static String dotted(Object... path) {
        StringBuilder b = new StringBuilder();
        for (Object p : path) b.append(b.isEmpty() ? "" : ".").append(p);
        return b.toString();
    }

    private <T> T convert(Params.Converter<T> converter, List<Object> loc, Object n) {
        try {
            if (n instanceof Map || n instanceof List) throw notAScalar(converter);
            return scalar(converter, n);
        } catch (Params.Invalid e) {
            errors.add(FieldError.of(e.type(), loc, e.getMessage(), n));
            return null;
        }
    }

    /**
     * An array or object where the converter reads one value: refused as pydantic refuses it for the field's type, which
     * the converter shows by what it takes (an integer field takes "1" and not "1.5", a number field both).
     */
    public static Params.Invalid notAScalar(Params.Converter<?> converter) {
        // dates and date-times first: they take numbers too (Unix time), but no text that is not a date
        if (!converter.accepts("x") && converter.accepts("2025-10-14T10:30:00Z")) {
            return new Params.Invalid("datetime_type", "Input should be a valid datetime");
        }
        if (!converter.accepts("x") && converter.accepts("2025-10-14")) return new Params.Invalid("date_type", "Input should be a valid date");
        if (converter.accepts("1") && !converter.accepts("1.5")) return new Params.Invalid("int_type", "Input should be a valid integer");
        if (converter.accepts("1") && converter.accepts("1.5") && !converter.accepts("x")) {
            return new Params.Invalid("float_type", "Input should be a valid number");
        }
        return new Params.Invalid("string_type", "Input should be a valid string");
    }

    /**
     * A JSON number or text through a converter of text, as pydantic takes it: a number with a decimal point where an
     * integer is asked for is that integer when it has no fractional part (24.0, 2.4e1) and is refused as a number with
     * a fractional part ({@code int_from_float}) otherwise, not as text that is no integer.
     */
    public static <T> T scalar(Params.Converter<T> converter, Object n) {
        try {
            return converter.convert(Json.text(n));
        } catch (Params.Invalid e) {
            if (!(e.type().equals("int_parsing") && n instanceof Double d && Double.isFinite(d))) throw e;
            java.math.BigDecimal v = java.math.BigDecimal.valueOf(d);
            if (v.stripTrailingZeros().scale() > 0) {
                throw new Params.Invalid("int_from_float", "Input should be a valid integer, got a number with a fractional part");
            }
            return converter.convert(v.toBigInteger().toString());
        }
    }

    private static List<Object> loc(Object... path) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        loc.addAll(List.of(path));
        return loc;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
