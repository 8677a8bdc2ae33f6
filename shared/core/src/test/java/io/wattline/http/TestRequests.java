package io.wattline.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link ApiRequest}s for tests: {@code get("/p?a=1&a=2")}. */
final class TestRequests {
    private TestRequests() {}

    static ApiRequest get(String pathAndQuery) {
        return request("GET", pathAndQuery, null);
    }

    static ApiRequest request(String method, String pathAndQuery, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, List<String>> query = LambdaFunction.parseQuery(q < 0 ? "" : pathAndQuery.substring(q + 1), null);
        return new ApiRequest(method, path, new LinkedHashMap<>(query), Map.of(), body, "req-1", Map.of());
    }
}
