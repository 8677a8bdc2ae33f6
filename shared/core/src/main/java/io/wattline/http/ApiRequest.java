package io.wattline.http;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the handlers see it, whatever carried it (API Gateway or the local gateway).
 * Header names are lower case; query values keep repetition (API Gateway joins them with commas).
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query,
                         Map<String, String> headers, String body, String requestId,
                         Map<String, String> pathParams) {

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, headers, body, requestId, Map.copyOf(params));
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** A binder for this request's parameters; call {@link Params#validate()} after binding. */
    public Params params() {
        return new Params(this);
    }
}
