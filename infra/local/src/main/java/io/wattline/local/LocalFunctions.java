package io.wattline.local;

import io.wattline.config.Settings;
import io.wattline.functions.FunctionCatalog;
import io.wattline.functions.FunctionCatalog.FunctionSpec;
import io.wattline.http.ApiRoutes;
import io.wattline.http.Authenticator;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Router;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's functions as the local cloud runs them: the handler classes of the {@link FunctionCatalog},
 * one instance each (a warm Lambda), invoked with the same JSON payloads AWS would send.
 */
public final class LocalFunctions {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFunctions.class);

    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final Map<String, FunctionSpec> specs = new LinkedHashMap<>();
    private final Map<String, String> routeTable;
    private final Authenticator authenticator;

    public LocalFunctions(Settings settings) {
        // one authenticator for every function, as one gateway: a wrong key counts against its address everywhere
        authenticator = Authenticator.of(settings);
        for (FunctionSpec spec : FunctionCatalog.all()) {
            try {
                Class<?> type = Class.forName(spec.handler());
                LambdaFunction function = (LambdaFunction) type.getConstructor(Settings.class).newInstance(settings);
                function.authenticateWith(authenticator);
                functions.put(spec.name(), function);
                specs.put(spec.name(), spec);
            } catch (ClassNotFoundException e) {
                LOG.warn("function {} ({}) is not on the local cloud's classpath; its routes are not served",
                        spec.name(), spec.handler());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create function " + spec.name() + ": " + e, e);
            }
        }
        Map<String, List<String>> routeKeys = new LinkedHashMap<>();
        functions.forEach((name, f) -> routeKeys.put(name, f.router().routes().stream().map(Router.Route::routeKey).toList()));
        routeTable = ApiRoutes.table(routeKeys);
    }

    public Map<String, LambdaFunction> all() {
        return functions;
    }

    /** The function and route key API Gateway would pick for this method and path ({@link ApiRoutes}). */
    public Optional<ApiRoutes.Match> route(String method, String path) {
        return ApiRoutes.match(routeTable, method, path);
    }

    /**
     * The function behind a Lambda function name as callers give it: {@code data}, {@code wattline-data},
     * {@code wattline-data:live} or its ARN.
     */
    public Optional<String> resolve(String functionName) {
        String name;
        if (functionName.contains(":function:")) {
            String rest = functionName.substring(functionName.indexOf(":function:") + ":function:".length());
            name = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        } else if (functionName.contains(":")) {
            name = functionName.substring(0, functionName.indexOf(':'));
        } else {
            name = functionName;
        }
        if (name.startsWith("wattline-")) name = name.substring("wattline-".length());
        return functions.containsKey(name) ? Optional.of(name) : Optional.empty();
    }

    /** Runs one invocation, as the Lambda runtime would: JSON in, JSON out. */
    public byte[] invoke(String name, byte[] payload) {
        LambdaFunction function = functions.get(name);
        if (function == null) throw new IllegalArgumentException("no function " + name);
        FunctionSpec spec = specs.get(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LocalContext context = new LocalContext("wattline-" + name, UUID.randomUUID().toString(), spec.memoryMb());
        asLambdaRuntime(function, () -> {
            try {
                function.handleRequest(new ByteArrayInputStream(payload), out, context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out.toByteArray();
    }

    /**
     * Runs {@code work} as the Lambda runtime runs a handler: with the handler's own class loader as the
     * thread's context loader. Service lookups read it (the SDK finds its HTTP client that way), and
     * the gateway's threads may carry another one (under {@code exec:java}, Maven's).
     */
    static void asLambdaRuntime(LambdaFunction function, Runnable work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(function.getClass().getClassLoader());
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
