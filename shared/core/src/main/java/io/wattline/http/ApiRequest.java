package io.wattline.http;

import io.wattline.store.KeyStore;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the handlers see it, whatever carried it (API Gateway or the local gateway).
 * Header names are lower case; query values keep repetition (API Gateway joins them with commas).
 * {@code sourceIp} is the client's address as API Gateway saw it ("" when unknown); {@code caller} the API
 * key {@link Authenticator} found (null before authentication, and on open routes called without one).
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query,
                         Map<String, String> headers, String body, String requestId,
                         Map<String, String> pathParams, String sourceIp, KeyStore.ApiKey caller) {

    /** A request not yet authenticated, from an unknown address. */
    public ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                      String body, String requestId, Map<String, String> pathParams) {
        this(method, path, query, headers, body, requestId, pathParams, "", null);
    }

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, headers, body, requestId, Map.copyOf(params), sourceIp, caller);
    }

    /** The request as {@link Authenticator} admitted it: {@code caller} is the key it carried, or null (open route). */
    public ApiRequest withCaller(KeyStore.ApiKey key) {
        return new ApiRequest(method, path, query, headers, body, requestId, pathParams, sourceIp, key);
    }

    /** The caller's key; only on routes that need one ({@link Access#KEYED_READ}, {@link Access#WRITE}) is it never null. */
    public KeyStore.ApiKey requireCaller() {
        if (caller == null) throw new IllegalStateException("route " + path + " ran without an authenticated caller");
        return caller;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** A binder for this request's parameters; call {@link Params#validate()} after binding. */
    public Params params() {
        return new Params(this);
    }
}
