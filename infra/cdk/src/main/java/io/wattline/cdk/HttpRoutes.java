package io.wattline.cdk;

import io.wattline.http.ApiRoutes;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP API: the {@link ApiRoutes} table (each function's route keys, {@code ANY} for every path,
 * {@code $default}), each route integrated with its function's alias, so unknown routes and wrong methods
 * reach a function and answer FastAPI's 404/405 with a request id, not API Gateway's own body.
 */
public final class HttpRoutes extends Construct {
    public final HttpApi api;

    public HttpRoutes(Construct scope, String id, StackInputs inputs, Functions functions) {
        super(scope, id);
        api = HttpApi.Builder.create(this, "Api").apiName(WattlineStack.PREFIX).build();
        Map<String, HttpLambdaIntegration> integrations = new HashMap<>();
        ApiRoutes.table(inputs.routeKeys()).forEach((key, function) -> HttpRoute.Builder.create(this, key.replace('/', '|'))
                .httpApi(api)
                .routeKey(parse(key))
                .integration(integrations.computeIfAbsent(function, f ->
                        new HttpLambdaIntegration(Functions.construct(f) + "Integration", functions.alias(f))))
                .build());
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
