package io.wattline.cdk;

import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/** The HTTP API: one route per route key of each function's router, integrated with that function's alias. */
public final class HttpRoutes extends Construct {
    public final HttpApi api;

    public HttpRoutes(Construct scope, String id, StackInputs inputs, Functions functions) {
        super(scope, id);
        api = HttpApi.Builder.create(this, "Api").apiName(WattlineStack.PREFIX).build();
        for (Map.Entry<String, List<String>> e : inputs.routeKeys().entrySet()) {
            if (e.getValue().isEmpty()) continue;
            HttpLambdaIntegration integration = new HttpLambdaIntegration(
                    Functions.construct(e.getKey()) + "Integration", functions.alias(e.getKey()));
            for (String key : e.getValue()) {
                HttpRoute.Builder.create(this, key.replace('/', '|'))
                        .httpApi(api)
                        .routeKey(parse(key))
                        .integration(integration)
                        .build();
            }
        }
    }

    /** {@code GET /api/v1/machines/{machine_id}} → method and path. */
    static HttpRouteKey parse(String routeKey) {
        String[] parts = routeKey.strip().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("route key must be 'METHOD /path', not '" + routeKey + "'");
        }
        return HttpRouteKey.with(parts[1], HttpMethod.valueOf(parts[0]));
    }
}
