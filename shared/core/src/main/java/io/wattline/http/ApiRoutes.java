package io.wattline.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API Gateway route table of the whole API, built from the functions' own route tables: each
 * function's route keys, then {@code ANY <path>} for every path (so a known path called with another
 * method reaches the function that owns it, whose router answers FastAPI's 405), then {@code $default}
 * (to the function serving {@code GET /}, whose router answers FastAPI's 404 with a request id instead of
 * API Gateway's own {@code {"message":"Not Found"}}). The CDK stack deploys this table and the local
 * gateway matches requests against it the way API Gateway does.
 */
public final class ApiRoutes {
    public static final String DEFAULT_ROUTE = "$default";
    /** The route whose function also answers every request no other route matches. */
    static final String ROOT_ROUTE = "GET /";

    private ApiRoutes() {}

    /** A request's route: the function that runs it and the route key API Gateway puts in the event. */
    public record Match(String function, String routeKey) {}

    /**
     * Route key → function, in matching order: method routes, {@code ANY} routes, {@code $default}.
     *
     * @param routeKeysByFunction each function's route keys ({@code GET /api/v1/machines/{machine_id}})
     */
    public static Map<String, String> table(Map<String, List<String>> routeKeysByFunction) {
        Map<String, String> table = new LinkedHashMap<>();
        Map<String, String> anyRoutes = new LinkedHashMap<>();
        String fallback = null;
        for (Map.Entry<String, List<String>> f : routeKeysByFunction.entrySet()) {
            for (String key : f.getValue()) {
                table.put(key, f.getKey());
                anyRoutes.putIfAbsent("ANY " + path(key), f.getKey());
                if (key.equals(ROOT_ROUTE)) fallback = f.getKey();
            }
        }
        table.putAll(anyRoutes);
        if (fallback != null) table.put(DEFAULT_ROUTE, fallback);
        return table;
    }

    /** The route API Gateway picks for a request: its method's route, else the path's {@code ANY}, else {@code $default}. */
    public static Optional<Match> match(Map<String, String> table, String method, String path) {
        Match any = null;
        for (Map.Entry<String, String> e : table.entrySet()) {
            String key = e.getKey();
            if (key.equals(DEFAULT_ROUTE)) continue;
            String m = key.substring(0, key.indexOf(' '));
            if (!Router.matches(path(key), path)) continue;
            if (m.equals(method)) return Optional.of(new Match(e.getValue(), key));
            if (m.equals("ANY") && any == null) any = new Match(e.getValue(), key);
        }
        if (any != null) return Optional.of(any);
        return Optional.ofNullable(table.get(DEFAULT_ROUTE)).map(f -> new Match(f, DEFAULT_ROUTE));
    }

    private static String path(String routeKey) {
        return routeKey.substring(routeKey.indexOf(' ') + 1).strip();
    }
}
