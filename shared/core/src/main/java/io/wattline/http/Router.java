package io.wattline.http;

import io.wattline.domain.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route table of one function: method + path template ({@code /api/v1/machines/{machine_id}})
 * to handler. It is also read by the CDK stack, so the API Gateway routes are this same list.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    public static final String REQUEST_ID_HEADER = "x-request-id";

    /**
     * A request handler. {@link ApiException}s and the services' {@link DomainException}s
     * become the route's error shape; anything else a logged 500.
     */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /**
     * A route; {@code access} says who may call it (by default GET reads and other methods write). {@code returns}
     * is the body of its 200 (null: not declared) and {@code answers} the other statuses it may answer beyond those
     * every route of its access and method can (a refused key, a validation error...): the one definition the
     * OpenAPI document describes it from.
     */
    public record Route(String method, String template, ErrorStyle style, Access access, Handler handler, Returns returns,
                        List<Answer> answers) {
        public Route {
            answers = answers == null ? List.of() : List.copyOf(answers);
        }

        public Route(String method, String template, ErrorStyle style, Access access, Handler handler) {
            this(method, template, style, access, handler, null, List.of());
        }

        public Route(String method, String template, ErrorStyle style, Handler handler) {
            this(method, template, style, Access.forMethod(method), handler);
        }

        /** The API Gateway route key, e.g. {@code GET /api/v1/machines/{machine_id}}. */
        public String routeKey() {
            return method + " " + template;
        }
    }

    /**
     * What a route answers with 200: a record (or a list of them when {@code list}) written by {@code mapper}
     * ({@link Json#SNAKE} for the seeds' APIs, {@link Json#PLAIN} where Azure's camelCase is the contract).
     */
    public record Returns(Class<?> type, boolean list, Json mapper) {}

    /**
     * A status a route may answer that not every route of its access and method can, and when: a conflict its service
     * reports ({@link DomainException.Conflict}), a body other than the error shape ({@code body}; null: the route's
     * error shape).
     */
    public record Answer(int status, String description, Returns body) {}

    private final ErrorStyle fallbackStyle;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, ErrorStyle> stylesUnder = new java.util.LinkedHashMap<>();

    public Router(ErrorStyle fallbackStyle) {
        this.fallbackStyle = fallbackStyle;
    }

    /** Paths under {@code prefix} that no route serves are refused in {@code style} (an API's own unknown paths). */
    public Router errorsUnder(String prefix, ErrorStyle style) {
        stylesUnder.put(prefix, style);
        return this;
    }

    private ErrorStyle fallbackAt(String path) {
        for (Map.Entry<String, ErrorStyle> e : stylesUnder.entrySet()) {
            if (path.startsWith(e.getKey())) return e.getValue();
        }
        return fallbackStyle;
    }

    public Router get(String template, Handler handler) { return add("GET", template, fallbackStyle, handler); }
    public Router post(String template, Handler handler) { return add("POST", template, fallbackStyle, handler); }
    public Router delete(String template, Handler handler) { return add("DELETE", template, fallbackStyle, handler); }

    public Router add(String method, String template, ErrorStyle style, Handler handler) {
        return add(method, template, style, Access.forMethod(method), handler);
    }

    public Router add(String method, String template, ErrorStyle style, Access access, Handler handler) {
        routes.add(new Route(method, template, style, access, handler));
        return this;
    }

    /** Declares the 200 body of the route added last (a record written in snake_case). */
    public Router returns(Class<?> type) {
        return returns(new Returns(type, false, Json.SNAKE));
    }

    /** Declares the 200 body of the route added last: a list of records, in snake_case. */
    public Router returnsListOf(Class<?> type) {
        return returns(new Returns(type, true, Json.SNAKE));
    }

    /** Declares the 200 body of the route added last. */
    public Router returns(Returns returns) {
        Route last = routes.remove(routes.size() - 1);
        routes.add(new Route(last.method(), last.template(), last.style(), last.access(), last.handler(), returns,
                last.answers()));
        return this;
    }

    /** Declares a status the route added last may answer, in its error shape, and when (e.g. 409 and its conflict). */
    public Router answers(int status, String description) {
        return answers(new Answer(status, description, null));
    }

    /** Declares a status the route added last may answer, with its body and when. */
    public Router answers(Answer answer) {
        Route last = routes.remove(routes.size() - 1);
        List<Answer> answers = new ArrayList<>(last.answers());
        answers.add(answer);
        routes.add(new Route(last.method(), last.template(), last.style(), last.access(), last.handler(), last.returns(),
                answers));
        return this;
    }

    /** A GET anyone may call, with or without a key. */
    public Router publicGet(String template, Handler handler) {
        return add("GET", template, fallbackStyle, Access.PUBLIC, handler);
    }

    /** The route a request would run, if any (no handler runs). */
    public java.util.Optional<Route> find(String method, String path) {
        String[] segments = split(path);
        for (Route route : routes) {
            if (route.method().equals(method) && match(split(route.template()), segments) != null) {
                return java.util.Optional.of(route);
            }
        }
        return java.util.Optional.empty();
    }

    /** The error style of the routes at this path (the fallback when none): how a refusal is spelled there. */
    public ErrorStyle styleAt(String method, String path) {
        return find(method, path).map(Route::style).orElseGet(() -> fallbackAt(path));
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Finds the route, runs it, and turns every failure into the route's error shape. */
    public ApiResponse dispatch(ApiRequest request) {
        String[] segments = split(request.path());
        Route match = null;
        Map<String, String> params = null;
        boolean pathKnown = false;
        ErrorStyle pathStyle = fallbackStyle; // a known path answers a wrong method in its own API's error shape
        for (Route route : routes) {
            Map<String, String> p = match(split(route.template()), segments);
            if (p == null) continue;
            if (!pathKnown) pathStyle = route.style();
            pathKnown = true;
            if (route.method().equals(request.method())) {
                match = route;
                params = p;
                break;
            }
        }
        if (!pathKnown) pathStyle = fallbackAt(request.path());
        ErrorStyle style = match == null ? pathStyle : match.style();
        ApiResponse response;
        if (match == null) {
            response = style.render(pathKnown ? new ApiException(405, "405", "Method Not Allowed") : style.notFound());
        } else {
            response = run(match, request.withPathParams(params));
        }
        return identified(response, request, style);
    }

    /**
     * The answer with the request's id: {@value #REQUEST_ID_HEADER}, and on Azure's routes also the headers its clients
     * log for a support case, {@code apim-request-id} and the client's own {@code x-ms-client-request-id} echoed.
     */
    static ApiResponse identified(ApiResponse response, ApiRequest request, ErrorStyle style) {
        ApiResponse r = response.withHeader(REQUEST_ID_HEADER, request.requestId());
        if (style != ErrorStyle.AZURE) return r;
        r = r.withHeader("apim-request-id", request.requestId());
        String client = request.headers().get("x-ms-client-request-id");
        return client == null || client.isBlank() || client.length() > 256 ? r : r.withHeader("x-ms-client-request-id", client);
    }

    private static ApiResponse run(Route route, ApiRequest request) {
        try {
            return route.handler().handle(request);
        } catch (ApiException e) {
            return route.style().render(e);
        } catch (DomainException e) {
            return route.style().render(ApiException.of(e));
        } catch (Exception | StackOverflowError e) {
            LOG.error("unhandled error on {} {}", request.method(), request.path(), e);
            return route.style().internal(request.requestId());
        }
    }

    /** Whether a concrete path fits a path template, as API Gateway matches routes. */
    public static boolean matches(String template, String path) {
        return match(split(template), split(path)) != null;
    }

    private static String[] split(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.equals("/") ? new String[0] : p.substring(1).split("/", -1);
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) return null;
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) return null;
                params.put(t.substring(1, t.length() - 1), decodeSegment(path[i]));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    /** Percent-decodes a path segment: '+' stays literal (RFC 3986), a malformed escape stays as typed. */
    private static String decodeSegment(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment; // the handler's converter reports it (422), never a 500
        }
    }
}
