package io.wattline.cdk;

import io.wattline.functions.FunctionCatalog.FunctionSpec;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Router;

import java.util.List;

/** Reads a function's route keys from its handler's own {@link Router}, so API Gateway serves exactly that table. */
public final class HandlerRoutes {
    private HandlerRoutes() {}

    public static List<String> routeKeys(FunctionSpec f) {
        return handler(f).router().routes().stream().map(Router.Route::routeKey).toList();
    }

    /**
     * The function's routes that are not GETs but only read (their {@link io.wattline.http.Access} is not WRITE): the
     * detection API's and the computing reads (predict, schedule), which API Gateway throttles at the read rate.
     */
    public static List<String> readingRouteKeys(FunctionSpec f) {
        return handler(f).router().routes().stream()
                .filter(r -> !r.method().equals("GET") && r.access() != io.wattline.http.Access.WRITE)
                .map(Router.Route::routeKey).toList();
    }

    private static LambdaFunction handler(FunctionSpec f) {
        Class<?> type;
        try {
            type = Class.forName(f.handler(), false, HandlerRoutes.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("handler " + f.handler() + " of function '" + f.name()
                    + "' is not on the classpath: module functions/" + f.name() + " must define it, and infra/cdk"
                    + " must depend on io.wattline:function-" + f.name() + " (build from the repository root)", e);
        }
        if (!LambdaFunction.class.isAssignableFrom(type)) {
            throw new IllegalStateException("handler " + f.handler() + " of function '" + f.name()
                    + "' does not extend " + LambdaFunction.class.getName());
        }
        LambdaFunction handler;
        try {
            handler = (LambdaFunction) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + f.handler() + " (it needs a public no-arg constructor)", e);
        }
        return handler;
    }
}
