package io.wattline.local;

import io.wattline.config.Settings;
import io.wattline.functions.FunctionCatalog;
import io.wattline.functions.FunctionCatalog.FunctionSpec;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Router;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
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

    public LocalFunctions(Settings settings) {
        for (FunctionSpec spec : FunctionCatalog.all()) {
            try {
                Class<?> type = Class.forName(spec.handler());
                functions.put(spec.name(), (LambdaFunction) type.getConstructor(Settings.class).newInstance(settings));
                specs.put(spec.name(), spec);
            } catch (ClassNotFoundException e) {
                LOG.warn("function {} ({}) is not on the local cloud's classpath; its routes are not served",
                        spec.name(), spec.handler());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create function " + spec.name() + ": " + e, e);
            }
        }
    }

    public Map<String, LambdaFunction> all() {
        return functions;
    }

    /** The function with a route for this method and path, as API Gateway would pick it. */
    public Optional<Map.Entry<String, Router.Route>> route(String method, String path) {
        for (var f : functions.entrySet()) {
            for (Router.Route route : f.getValue().router().routes()) {
                if (route.method().equals(method) && Router.matches(route.template(), path)) {
                    return Optional.of(Map.entry(f.getKey(), route));
                }
            }
        }
        return Optional.empty();
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
        LocalContext context = new LocalContext("wattline-" + name, UUID.randomUUID().toString(), spec.memoryMb(),
                System.currentTimeMillis() + spec.timeoutSeconds() * 1000L);
        try {
            function.handleRequest(new ByteArrayInputStream(payload), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
