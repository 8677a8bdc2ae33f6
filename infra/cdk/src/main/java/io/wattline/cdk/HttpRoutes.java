package io.wattline.cdk;

import io.wattline.http.ApiRoutes;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP API: the {@link ApiRoutes} table (each function's route keys, {@code ANY} for every path,
 * {@code $default}), each route integrated with its function's alias, so unknown routes and wrong methods
 * reach a function and answer FastAPI's 404/405 with a request id, not API Gateway's own body.
 * The {@code $default} stage throttles each route (an HTTP API's stage limits are every route's default, not one
 * bucket for the API) and each writing route more tightly, writes a JSON access log line per
 * request, and (only when the operator names origins) answers CORS preflights. HTTP APIs cannot carry a WAF web
 * ACL; put CloudFront with AWS WAF in front where one is needed.
 */
public final class HttpRoutes extends Construct {

    public final HttpApi api;
    public final HttpStage stage;
    public final LogGroup accessLogs;

    public HttpRoutes(Construct scope, String id, StackInputs inputs, Functions functions) {
        super(scope, id);
        HttpApi.Builder builder = HttpApi.Builder.create(this, "Api").apiName(WattlineStack.PREFIX).createDefaultStage(false);
        if (!inputs.api().corsOrigins().isEmpty()) builder.corsPreflight(cors(inputs.api().corsOrigins()));
        api = builder.build();
        accessLogs = LogGroup.Builder.create(this, "AccessLogs").retention(RetentionDays.ONE_MONTH).build();
        stage = HttpStage.Builder.create(this, "Stage").httpApi(api).stageName("$default").autoDeploy(true)
                // each route's steady rate and burst for all callers together (429 beyond them), not a sum over routes
                .throttle(ThrottleSettings.builder().rateLimit(inputs.api().readRequestsPerSecond())
                        .burstLimit(2 * inputs.api().readRequestsPerSecond()).build())
                .detailedMetricsEnabled(true)
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build();
        Map<String, HttpLambdaIntegration> integrations = new HashMap<>();
        Map<String, Object> routeSettings = new TreeMap<>();
        ApiRoutes.table(inputs.routeKeys()).forEach((key, function) -> {
            HttpRoute route = HttpRoute.Builder.create(this, key.replace('/', '|'))
                    .httpApi(api)
                    .routeKey(parse(key))
                    .integration(integrations.computeIfAbsent(function, f ->
                            new HttpLambdaIntegration(Functions.construct(f) + "Integration", functions.alias(f))))
                    .build();
            if (!key.equals(ApiRoutes.DEFAULT_ROUTE) && !key.startsWith("GET ") && !key.startsWith("ANY ")) {
                // each writing route (every method but GET): ingestion, job triggers, purges, trainings; a route of
                // another method that only reads (the detection API, predictions) at the read rate: the detection API's
                // 20 a second for every caller together was a quarter of one key's own quota
                int rate = inputs.readingRoutes().contains(key) ? inputs.api().readRequestsPerSecond()
                        : inputs.api().writeRequestsPerSecond();
                routeSettings.put(key, Map.of("ThrottlingRateLimit", rate, "ThrottlingBurstLimit", 2 * rate,
                        "DetailedMetricsEnabled", true));
                stage.getNode().addDependency(route); // a stage's route settings name routes that must exist first
            }
        });
        if (!routeSettings.isEmpty()) ((CfnStage) stage.getNode().getDefaultChild()).addPropertyOverride("RouteSettings", routeSettings);
    }

    /** One JSON line per request: who, what, the answer and how long it took (no headers, so no API keys). */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"time\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"latencyMs\":\"$context.responseLatency\",\"integrationError\":\"$context.integrationErrorMessage\","
            + "\"responseLength\":\"$context.responseLength\"}";

    /** The browser origins the operator chose; the headers the API reads and the ones a page may see. */
    static CorsPreflightOptions cors(List<String> origins) {
        return CorsPreflightOptions.builder()
                .allowOrigins(origins)
                .allowMethods(io.wattline.http.Cors.ALLOW_METHODS.stream().map(CorsHttpMethod::valueOf).toList())
                .allowHeaders(io.wattline.http.Cors.ALLOW_HEADERS)
                .exposeHeaders(io.wattline.http.Cors.EXPOSE_HEADERS)
                .maxAge(software.amazon.awscdk.Duration.seconds(io.wattline.http.Cors.MAX_AGE_SECONDS))
                .build();
    }

    /** {@code GET /api/v1/machines/{machine_id}} → method and path. */
    static HttpRouteKey parse(String routeKey) {
        if (routeKey.equals(ApiRoutes.DEFAULT_ROUTE)) return HttpRouteKey.DEFAULT;
        String[] parts = routeKey.strip().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("route key must be 'METHOD /path', not '" + routeKey + "'");
        }
        return HttpRouteKey.with(parts[1], HttpMethod.valueOf(parts[0]));
    }
}
