package io.wattline.local;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wattline.http.Access;
import io.wattline.http.ApiRequest;
import io.wattline.http.ErrorStyle;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Params;
import io.wattline.http.Router;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The OpenAPI 3.1 document of all three APIs, generated from the one definition of each route: the functions' route
 * tables (method, path, error style, access), their handlers' parameters as {@link Params#describe} records them
 * (name, in, required, default; type, format, enum and bounds found by asking each parameter's converter), and the
 * request samples of {@code events/} as request-body examples (their schema inferred from the sample). Responses:
 * the 200 body from the record the route declares ({@link Router.Returns}, described as Jackson writes it), errors
 * by status and shape (FastAPI's and Azure's): those every route of its access and method can answer, and those its
 * route table declares for it alone ({@link Router.Answer}: the twin's and the trainings' 409, health's 503).
 */
final class OpenApi {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern BOUND = Pattern.compile("(greater|less) than (or equal to )?(-?[0-9.]+)");
    private static final Pattern PATTERN = Pattern.compile("should match pattern '(.+)'$");

    private OpenApi() {}

    static ObjectNode document(Map<String, LambdaFunction> functions, Path events) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Wattline: energy analytics (EnMS), asset-health twin and anomaly detection APIs");
        info.put("version", "0.1.0");
        info.put("description", "Generated from the route tables of the functions (the one definition of each route). "
                + "Paths under /api/v1 and / are the energy analytics API (seed 001), /system the asset-health twin "
                + "(seed 000), /v1 and /anomalydetector the detection API (seed 002, Azure AI Anomaly Detector compatible).");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("ApiKey").put("type", "apiKey").put("in", "header").put("name", "X-Api-Key");
        schemes.putObject("Bearer").put("type", "http").put("scheme", "bearer");
        // the headers Azure's clients and the seed's send: every keyed route takes any of them (Authenticator)
        schemes.putObject("AzureKey").put("type", "apiKey").put("in", "header").put("name", "Ocp-Apim-Subscription-Key");
        schemes.putObject("CanaryKey").put("type", "apiKey").put("in", "header").put("name", "X-Canary-Key");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("HTTPError", object(Map.of("detail", F.objectNode().put("type", "string")), List.of("detail")));
        ObjectNode item = object(Map.of("type", str(), "loc", F.objectNode().put("type", "array").set("items",
                F.objectNode().set("type", F.arrayNode().add("string").add("integer"))), "msg", str(), "input", F.objectNode()),
                List.of("type", "loc", "msg"));
        schemas.set("ValidationError", object(Map.of("detail", F.objectNode().put("type", "array").set("items", item)), List.of("detail")));
        schemas.set("AzureError", object(Map.of("code", str(), "message", str()), List.of("code", "message")));
        // what API Gateway itself answers before any function runs (a body over Lambda's payload limit)
        schemas.set("GatewayError", object(Map.of("message", str()), List.of("message")));
        // a 500 in FastAPI's shape carries the request id the log line has (ErrorStyle.internal)
        schemas.set("InternalError", object(Map.of("detail", str(), "request_id", str()), List.of("detail", "request_id")));
        // a refused key: Azure's gateway answered before the detector, in its {"error": {...}} envelope
        schemas.set("AzureGatewayError", object(Map.of("error", F.objectNode().put("$ref", "#/components/schemas/AzureError")),
                List.of("error")));

        Map<String, Sample> samples = samples(events);
        ObjectNode paths = doc.putObject("paths");
        ArrayNode tags = doc.putArray("tags");
        for (Map.Entry<String, LambdaFunction> f : new TreeMap<>(functions).entrySet()) {
            tags.addObject().put("name", f.getKey()).put("description", "Served by the function " + f.getKey());
            for (Router.Route route : f.getValue().router().routes()) {
                ObjectNode path = paths.has(route.template()) ? (ObjectNode) paths.get(route.template()) : paths.putObject(route.template());
                path.set(route.method().toLowerCase(Locale.ROOT), operation(f.getKey(), route, samples.get(route.routeKey())));
            }
        }
        return doc;
    }

    private static ObjectNode operation(String function, Router.Route route, Sample sample) {
        ObjectNode op = F.objectNode();
        op.putArray("tags").add(function);
        op.put("operationId", route.method().toLowerCase(Locale.ROOT) + route.template().replaceAll("[^A-Za-z0-9]+", "_"));
        op.put("summary", summary(route.template()));
        op.put("description", "Access: " + access(route.access()) + ". Errors in " + (route.style() == ErrorStyle.AZURE
                ? "Azure's shape ({code, message} and the x-ms-error-code header; a refused key as Azure's gateway answered it,"
                + " {error: {code, message}})" : "FastAPI's shape ({detail})") + ".");
        ArrayNode params = op.putArray("parameters");
        List<Params.Described> described = describe(route);
        List<String> seen = new ArrayList<>();
        List<Params.Described> bodyFields = new ArrayList<>();
        for (Params.Described d : described) {
            if (d.in().equals("body")) {
                bodyFields.add(d);
                continue;
            }
            seen.add(d.in() + ":" + d.name());
            params.add(parameter(d, route.template()));
        }
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.template());
        while (m.find()) {
            if (seen.contains("path:" + m.group(1))) continue;
            ObjectNode schema = str();
            if (route.style() == ErrorStyle.AZURE && m.group(1).equals("version")) {
                // Azure's API versions (its SDKs' v1.1-preview spellings are v1.1 too); any other answers 404
                schema.put("pattern", "^(v1\\.0|v1\\.1|v1\\.1-preview.*)$").put("example", "v1.1");
            }
            ObjectNode path = params.addObject().put("name", m.group(1)).put("in", "path").put("required", true);
            String about = ParameterDocs.of(route.template(), m.group(1));
            if (about != null) path.put("description", about);
            path.set("schema", schema);
        }
        JsonNode body = null;
        if (sample != null && sample.event().hasNonNull("body") && !route.method().equals("GET")) {
            try {
                body = LocalJson.PLAIN.readTree(sample.event().get("body").asText());
            } catch (IOException notJson) {
                body = null;
            }
        }
        if (body != null || !bodyFields.isEmpty()) {
            ObjectNode media = op.putObject("requestBody").put("required", true).putObject("content").putObject("application/json");
            // the sample's shape, then every field the handler reads as it reads it (type, bounds, default, required)
            ObjectNode schema = body != null ? infer(body) : F.objectNode().put("type", "object");
            for (Params.Described d : bodyFields) describeField(schema, d, route.template());
            media.set("schema", schema);
            // a refused request's sample shows the fields' shapes, not a request to copy (drift/check's reversed window)
            if (body != null && !sample.refused()) media.set("example", body);
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200").put("description", route.returns() == null
                ? "OK (the body is not described by a schema yet: see the README's examples)" : "OK");
        ok.putObject("content").putObject("application/json").set("schema", route.returns() == null
                ? F.objectNode() : responseSchema(route.returns()));
        String error = route.style() == ErrorStyle.AZURE ? "AzureError" : "HTTPError";
        responses.set("400", errorResponse("Bad request: the request cannot be served as asked", error));
        // on Azure's routes only its gateway answers 404 (a version other than v1.0/v1.1), in its envelope
        responses.set("404", route.style() == ErrorStyle.AZURE
                ? errorResponse("Resource not found: an API version other than v1.0 and v1.1", "AzureGatewayError")
                : errorResponse("Not found: an unknown id, or no data for the period", error));
        responses.set(route.style() == ErrorStyle.AZURE ? "400" : "422", route.style() == ErrorStyle.AZURE
                ? errorResponse("Bad request: a field fails Azure's rules (its error code says which)", error)
                : errorResponse("Validation error: each field that failed, where and why", "ValidationError"));
        if (!route.method().equals("GET")) {
            // a body over Lambda's payload limit never reaches the function: the gateway answers in its own shape
            responses.set("413", either(errorResponse("Too large: on the ingestion routes a body over MAX_BODY_BYTES (4 MiB by"
                    + " default), a batch over MAX_BATCH_ROWS rows (5,000 by default), or more points for one machine and hour"
                    + " than the store holds", error), errorResponse("Too large: a body over the gateway's 6 MB (Lambda's payload"
                    + " limit), answered by the gateway", "GatewayError")));
        }
        // Azure's gateway, not its detector, refused keys and quotas: in its envelope
        String gateway = route.style() == ErrorStyle.AZURE ? "AzureGatewayError" : error;
        if (route.access() != Access.PUBLIC) {
            responses.set("401", errorResponse("No valid API key", gateway));
            if (route.access() == Access.WRITE) responses.set("403", errorResponse("This API key may only read", gateway));
            responses.set("429", errorResponse("Too many requests: slow down (Retry-After)", gateway));
            responses.set("503", errorResponse("Unavailable: the key store, or a task the route starts, could not be reached; "
                    + "try again later", error));
            ArrayNode security = op.putArray("security");
            for (String scheme : List.of("ApiKey", "Bearer", "AzureKey", "CanaryKey")) security.addObject().putArray(scheme);
        } else {
            // no key is needed, but a key sent is checked as on every route (Authenticator): a wrong one is refused
            responses.set("401", errorResponse("A key was sent and it is not valid (none is needed here)", gateway));
            responses.set("429", errorResponse("Too many requests: this key's quota, or too many wrong keys from this "
                    + "address (Retry-After)", gateway));
            responses.set("503", errorResponse("Unavailable: the key store could not be reached to check the key sent; "
                    + "try again later", error));
            op.putArray("security").addObject();
        }
        responses.set("500", errorResponse("Internal error: logged with the request id that the body and x-request-id carry",
                route.style() == ErrorStyle.AZURE ? error : "InternalError"));
        // what only this route answers, as its route table declares it (a conflict, another body for a status)
        for (Router.Answer a : route.answers()) {
            String status = Integer.toString(a.status());
            ObjectNode declared = a.body() == null ? errorResponse(a.description(), error) : bodyResponse(a.description(), a.body());
            responses.set(status, responses.has(status) ? either(declared, (ObjectNode) responses.get(status)) : declared);
        }
        return op;
    }

    /** A response with the body a route declared for it. */
    private static ObjectNode bodyResponse(String description, Router.Returns body) {
        ObjectNode r = F.objectNode().put("description", description);
        r.putObject("content").putObject("application/json").set("schema", responseSchema(body));
        return r;
    }

    /** One status answered for either of two reasons: both descriptions, and either body (one schema when the same). */
    private static ObjectNode either(ObjectNode declared, ObjectNode general) {
        ObjectNode r = F.objectNode().put("description", declared.get("description").asText() + ". Or: "
                + general.get("description").asText());
        JsonNode a = declared.at("/content/application~1json/schema"), b = general.at("/content/application~1json/schema");
        ObjectNode schema = a.equals(b) ? (ObjectNode) a.deepCopy() : F.objectNode();
        if (!a.equals(b)) schema.putArray("oneOf").add(a.deepCopy()).add(b.deepCopy());
        r.putObject("content").putObject("application/json").set("schema", schema);
        return r;
    }

    /** The parameters a route's handler reads, with a placeholder for each path parameter. */
    static List<Params.Described> describe(Router.Route route) {
        Map<String, String> pathParams = new HashMap<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.template());
        while (m.find()) pathParams.put(m.group(1), "");
        ApiRequest empty = new ApiRequest(route.method(), route.template(), Map.of(), Map.of(), null, "openapi", Map.of())
                .withPathParams(pathParams);
        return Params.describe(() -> {
            try {
                route.handler().handle(empty);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A body field the handler reads, into the body's schema at its dotted path (objects made on the way). */
    private static void describeField(ObjectNode schema, Params.Described d, String template) {
        String[] path = d.name().split("\\.");
        ObjectNode at = schema;
        for (int i = 0; i < path.length; i++) {
            at.put("type", "object");
            ObjectNode props = at.has("properties") ? (ObjectNode) at.get("properties") : at.putObject("properties");
            if (i == path.length - 1) {
                ObjectNode field = schema(d.converter());
                if (d.bounds() != null) {
                    field.set(d.bounds().minExclusive() ? "exclusiveMinimum" : "minimum", bound(d.bounds().min()));
                    field.set(d.bounds().maxExclusive() ? "exclusiveMaximum" : "maximum", bound(d.bounds().max()));
                }
                if (d.defaultValue() != null) field.set("default", wireDefault(d.defaultValue(), field));
                String about = ParameterDocs.of(template, path[i]);
                if (about != null && !field.has("description")) field.put("description", about);
                props.set(path[i], field);
                if (d.required()) require(at, path[i]);
            } else {
                JsonNode next = props.get(path[i]);
                ObjectNode container = next instanceof ObjectNode o && !o.path("type").asText().equals("array") ? o : props.putObject(path[i]);
                if (d.required()) require(at, path[i]); // a required field makes its containers required
                at = container;
            }
        }
    }

    /** Lists a property of an object schema as required (once). */
    private static void require(ObjectNode object, String name) {
        ArrayNode required = object.has("required") ? (ArrayNode) object.get("required") : object.putArray("required");
        for (JsonNode r : required) if (r.asText().equals(name)) return;
        required.add(name);
    }

    /** A bound as JSON writes it: 0 rather than 0.0 for a whole number. */
    private static JsonNode bound(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? F.numberNode((long) v) : F.numberNode(v);
    }

    private static ObjectNode parameter(Params.Described d, String template) {
        ObjectNode p = F.objectNode().put("name", d.name()).put("in", d.in()).put("required", d.required() || d.in().equals("path"));
        String about = ParameterDocs.of(template, d.name());
        if (about != null) p.put("description", about);
        ObjectNode schema = schema(d.converter());
        if (schema.path("type").asText().equals("array")) p.put("style", "form").put("explode", false);
        if (d.defaultValue() != null) schema.set("default", wireDefault(d.defaultValue(), schema));
        p.set("schema", schema);
        return p;
    }

    /** A default as the wire spells it: an enum constant (alone or in a list) as the literal its schema lists. */
    private static com.fasterxml.jackson.databind.JsonNode wireDefault(Object value, ObjectNode schema) {
        if (value instanceof java.util.Collection<?> list) {
            ArrayNode out = F.arrayNode();
            for (Object v : list) out.add(wireDefault(v, schema.has("items") ? (ObjectNode) schema.get("items") : schema));
            return out;
        }
        if (value instanceof Enum<?> e) {
            for (com.fasterxml.jackson.databind.JsonNode literal : schema.path("enum")) {
                if (literal.asText().equalsIgnoreCase(e.name())) return literal;
            }
            return F.textNode(e.name().toLowerCase(Locale.ROOT));
        }
        return LocalJson.tree(value);
    }

    /** A parameter's schema, found by asking its converter what it accepts. */
    static ObjectNode schema(Params.Converter<?> c) {
        // a list takes one id too: asked first, so that it is not described as a single id
        if (c.accepts("c0000000-0000-0000-0000-000000000001,c0000000-0000-0000-0000-000000000002") && !c.accepts("x,y")) {
            return F.objectNode().put("type", "string").put("description", "comma-separated UUIDs");
        }
        if (c.accepts("c0000000-0000-0000-0000-000000000001") && !c.accepts("not-a-uuid")) {
            return F.objectNode().put("type", "string").put("format", "uuid");
        }
        if (c.accepts("2025-10-15T13:45:00Z") && !c.accepts("someday")) { // a date takes a datetime only at midnight
            return F.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c.accepts("2025-10-15") && !c.accepts("someday")) return F.objectNode().put("type", "string").put("format", "date");
        List<Long> numbers = numberLiterals(c);
        if (!numbers.isEmpty()) { // an integer that must be one of a few ("Input should be 0, 24 or 168")
            ObjectNode s = F.objectNode().put("type", "integer");
            ArrayNode e = s.putArray("enum");
            numbers.forEach(e::add);
            return s;
        }
        List<String> literals = literals(c);
        if (!literals.isEmpty()) {
            ObjectNode s = F.objectNode().put("type", "string");
            ArrayNode e = s.putArray("enum");
            literals.forEach(e::add);
            // a comma-separated list of the literals (the parameter says style form, not exploded)
            if (literals.size() > 1 && c.accepts(literals.get(0) + "," + literals.get(1))) {
                ObjectNode list = F.objectNode().put("type", "array");
                list.set("items", s);
                return list;
            }
            return s;
        }
        // free text and identifiers take numbers too; a boolean takes 1 and 0 as well as true and false
        if (c.accepts("some words")) return F.objectNode().put("type", "string");
        if (c.accepts("true") && c.accepts("false") && !c.accepts("maybe")) return F.objectNode().put("type", "boolean");
        if (c.accepts("maybe")) return pattern(c, F.objectNode().put("type", "string"));
        boolean fraction = c.accepts("1.5") || c.accepts("0.5");
        boolean integer = !fraction && (c.accepts("1") || c.accepts("0") || c.accepts("100"));
        if (integer || fraction) {
            ObjectNode s = F.objectNode().put("type", integer ? "integer" : "number");
            bound(c, "-1000000000", s);
            bound(c, "1000000000", s);
            return s;
        }
        return F.objectNode().put("type", "string");
    }

    /** The integers an integer parameter must be one of, from its refusal of another ("Input should be 0, 24 or 168"). */
    private static List<Long> numberLiterals(Params.Converter<?> c) {
        if (!c.accepts("1") && !c.accepts("0")) return List.of();
        try {
            c.convert("-987654321");
        } catch (Params.Invalid e) {
            Matcher m = NUMBER_CHOICES.matcher(e.getMessage() == null ? "" : e.getMessage());
            if (!m.matches()) return List.of();
            List<Long> out = new ArrayList<>();
            for (String n : m.group(1).split(",| or ")) if (!n.isBlank()) out.add(Long.parseLong(n.strip()));
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
        return List.of();
    }

    private static final Pattern NUMBER_CHOICES = Pattern.compile("Input should be (-?\\d+(?:, -?\\d+)*(?: or -?\\d+)?)");

    /** The literals of an enum parameter, from its refusal ("Input should be 'a', 'b' or 'c'"). */
    private static List<String> literals(Params.Converter<?> c) {
        try {
            c.convert("\u0000not-a-choice");
        } catch (Params.Invalid e) {
            List<String> out = new ArrayList<>();
            if (e.getMessage() != null && e.getMessage().startsWith("Input should be '")) {
                Matcher m = QUOTED.matcher(e.getMessage());
                while (m.find()) out.add(m.group(1));
            }
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
        return List.of();
    }

    /** The schema with the pattern a text parameter refuses other text by (pydantic's words: "should match pattern '…'"). */
    private static ObjectNode pattern(Params.Converter<?> c, ObjectNode s) {
        try {
            c.convert("no / such ? value");
        } catch (Params.Invalid e) {
            Matcher m = PATTERN.matcher(e.getMessage() == null ? "" : e.getMessage());
            // the converter matches the whole value; a JSON Schema pattern matches anywhere unless anchored
            if (m.find()) s.put("pattern", "^" + m.group(1) + "$");
        } catch (RuntimeException ignored) {
            // no pattern to read
        }
        return s;
    }

    private static void bound(Params.Converter<?> c, String raw, ObjectNode s) {
        try {
            c.convert(raw);
        } catch (Params.Invalid e) {
            Matcher m = BOUND.matcher(e.getMessage() == null ? "" : e.getMessage());
            if (m.find()) {
                boolean lower = m.group(1).equals("greater"), inclusive = m.group(2) != null;
                String keyword = lower ? (inclusive ? "minimum" : "exclusiveMinimum") : (inclusive ? "maximum" : "exclusiveMaximum");
                s.put(keyword, Double.parseDouble(m.group(3)));
            }
        } catch (RuntimeException ignored) {
            // no bound to read
        }
    }

    /** The schema of a route's 200 body, from its declared record as the route's mapper writes it. */
    static ObjectNode responseSchema(Router.Returns r) {
        ObjectMapper mapper = LocalJson.mirror(r.mapper());
        ObjectNode item = schemaOf(mapper.constructType(r.type()), mapper, new java.util.HashSet<>());
        return r.list() ? F.objectNode().put("type", "array").set("items", item) : item;
    }

    /**
     * A JSON schema of a Java type as Jackson writes it with this mapper: its properties by their written names
     * (naming strategy and annotations applied), each nullable unless primitive; records closed to other properties.
     */
    static ObjectNode schemaOf(JavaType t, ObjectMapper mapper, java.util.Set<Class<?>> seen) {
        Class<?> c = t.getRawClass();
        if (c == String.class || CharSequence.class.isAssignableFrom(c) || c == Character.class || c == char.class) return str();
        if (c == java.util.UUID.class) return F.objectNode().put("type", "string").put("format", "uuid");
        if (c == java.time.Instant.class || c == java.time.OffsetDateTime.class || c == java.time.ZonedDateTime.class) {
            return F.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c == java.time.LocalDate.class) return F.objectNode().put("type", "string").put("format", "date");
        if (c == java.time.LocalTime.class || c == java.time.ZoneId.class || c.isEnum()) return str();
        if (c == int.class || c == long.class || c == short.class || c == byte.class || c == Integer.class || c == Long.class
                || c == Short.class || c == java.math.BigInteger.class) {
            return F.objectNode().put("type", "integer");
        }
        if (c == double.class || c == float.class || Number.class.isAssignableFrom(c)) return F.objectNode().put("type", "number");
        if (c == boolean.class || c == Boolean.class) return F.objectNode().put("type", "boolean");
        if (t.isArrayType() || t.isCollectionLikeType()) {
            return F.objectNode().put("type", "array").set("items", nullable(t.getContentType(), mapper, seen));
        }
        if (t.isMapLikeType()) return F.objectNode().put("type", "object").set("additionalProperties", nullable(t.getContentType(), mapper, seen));
        if (c.isSealed() && c.isInterface()) {
            // one of the records it permits (a heatmap's hour or day cells)
            ObjectNode one = F.objectNode();
            ArrayNode options = one.putArray("oneOf");
            for (Class<?> sub : c.getPermittedSubclasses()) options.add(schemaOf(mapper.constructType(sub), mapper, seen));
            return one;
        }
        if (c == Object.class || JsonNode.class.isAssignableFrom(c) || c.isInterface() || java.lang.reflect.Modifier.isAbstract(c.getModifiers())
                || !seen.add(c)) {
            return F.objectNode();
        }
        ObjectNode o = F.objectNode().put("type", "object");
        ObjectNode props = o.putObject("properties");
        BeanDescription bean = mapper.getSerializationConfig().introspect(t);
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.couldSerialize()) continue;
            com.fasterxml.jackson.annotation.JsonUnwrapped unwrapped = p.getPrimaryMember() == null ? null
                    : p.getPrimaryMember().getAnnotation(com.fasterxml.jackson.annotation.JsonUnwrapped.class);
            if (unwrapped != null && unwrapped.enabled()) {
                // its properties are written into this object (each present or not, as the nested value is)
                ObjectNode inner = schemaOf(p.getPrimaryType(), mapper, seen);
                inner.path("properties").fields().forEachRemaining(e -> props.set(e.getKey(), e.getValue()));
                continue;
            }
            props.set(p.getName(), nullable(p.getPrimaryType(), mapper, seen));
        }
        o.put("additionalProperties", false);
        seen.remove(c);
        return o;
    }

    /** The type's schema, allowing null where Java allows it (every reference type). */
    private static ObjectNode nullable(JavaType t, ObjectMapper mapper, java.util.Set<Class<?>> seen) {
        ObjectNode s = schemaOf(t, mapper, seen);
        if (t.isPrimitive() || !s.has("type")) return s;
        ArrayNode types = F.arrayNode().add(s.get("type").asText()).add("null");
        s.set("type", types);
        return s;
    }

    /** A schema that the example fits: types of its values, objects and arrays recursively. */
    static ObjectNode infer(JsonNode v) {
        ObjectNode s = F.objectNode();
        if (v.isObject()) {
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            v.fields().forEachRemaining(e -> props.set(e.getKey(), infer(e.getValue())));
        } else if (v.isArray()) {
            s.put("type", "array");
            s.set("items", v.isEmpty() ? F.objectNode() : infer(v.get(0)));
        } else if (v.isIntegralNumber()) {
            s.put("type", "integer");
        } else if (v.isNumber()) {
            s.put("type", "number");
        } else if (v.isBoolean()) {
            s.put("type", "boolean");
        } else if (v.isNull()) {
            s.put("type", "null");
        } else {
            s.put("type", "string");
        }
        return s;
    }

    /** A route's request sample, and whether it is one the route refuses ({@code name.<4xx>.json}). */
    record Sample(JsonNode event, boolean refused) {}

    /**
     * The request samples of {@code events/}, by route key: the first one the route answers with success, in file-name
     * order, else its first refused one (which still shows the body's fields).
     */
    static Map<String, Sample> samples(Path events) {
        Map<String, Sample> out = new HashMap<>();
        if (events == null || !Files.isDirectory(events)) return out;
        try (Stream<Path> files = Files.walk(events)) {
            for (Path p : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                JsonNode e = LocalJson.PLAIN.readTree(Files.readString(p));
                if (e == null || !e.has("routeKey")) continue;
                boolean refused = p.getFileName().toString().matches(".*\\.[45]\\d\\d\\.json");
                out.merge(e.get("routeKey").asText(), new Sample(e, refused), (had, next) -> had.refused() && !next.refused() ? next : had);
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static String summary(String template) {
        String[] parts = template.replaceFirst("^/(api/v1|system|v1|anomalydetector/\\{version}/timeseries)/?", "")
                .replaceAll("\\{[^}]+}", "").split("[/_-]+");
        StringBuilder s = new StringBuilder();
        for (String p : parts) {
            if (p.isBlank()) continue;
            s.append(s.isEmpty() ? Character.toUpperCase(p.charAt(0)) + p.substring(1) : p).append(' ');
        }
        return s.isEmpty() ? "Service information" : s.toString().trim();
    }

    private static String access(Access a) {
        return switch (a) {
            case PUBLIC -> "public, no key needed";
            default -> a.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (an API key with that scope)";
        };
    }

    private static ObjectNode errorResponse(String description, String schema) {
        ObjectNode r = F.objectNode().put("description", description);
        r.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schema);
        return r;
    }

    private static ObjectNode object(Map<String, JsonNode> properties, List<String> required) {
        ObjectNode o = F.objectNode().put("type", "object");
        ObjectNode props = o.putObject("properties");
        new TreeMap<>(properties).forEach(props::set);
        ArrayNode req = o.putArray("required");
        required.forEach(req::add);
        return o;
    }

    private static ObjectNode str() {
        return F.objectNode().put("type", "string");
    }
}
