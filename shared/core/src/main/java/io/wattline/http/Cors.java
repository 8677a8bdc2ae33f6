package io.wattline.http;

import java.util.List;

/**
 * The API's CORS policy, one definition for API Gateway (the CDK stack) and the local gateway. No origin is
 * allowed unless the operator names it ({@code CORS_ALLOW_ORIGINS} locally, {@code -c corsOrigins=} on AWS):
 * a page on another origin holding an API key is a choice, not a default. Allowed: the methods the API has,
 * the headers that carry keys and bodies; a page may read the request id and a throttled call's Retry-After.
 */
public final class Cors {
    /** Every method a route of the API has (PUT: resolving an anomaly; a test checks the routes against it). */
    public static final List<String> ALLOW_METHODS = List.of("GET", "POST", "PUT", "DELETE");
    /**
     * The key and body headers, and those Azure's JavaScript SDK sends on every request from a browser
     * ({@code x-ms-client-request-id}, {@code x-ms-useragent}, {@code traceparent} when tracing): without them the
     * preflight of {@code @azure/ai-anomaly-detector} failed even from an allowed origin.
     */
    public static final List<String> ALLOW_HEADERS = List.of("content-type", "x-api-key", "authorization",
            "ocp-apim-subscription-key", "x-canary-key", "x-ms-client-request-id", "x-ms-useragent", "traceparent");
    public static final List<String> EXPOSE_HEADERS = List.of("x-request-id", "retry-after", "x-ms-error-code");
    public static final int MAX_AGE_SECONDS = 3600;

    private Cors() {}
}
