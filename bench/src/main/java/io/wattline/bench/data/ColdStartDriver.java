package io.wattline.bench.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in for the Lambda runtime in a fresh JVM, for {@link ColdStart}. JDK only: it is copied
 * alone into a small jar and run as {@code java -cp driver.jar:function.jar}, so the JVM loads nothing
 * but the JDK, this class and the function's shaded jar.
 * <ul>
 *   <li>{@code hello}: prints its mark and ends (the reference: a JVM that starts and does nothing);</li>
 *   <li>{@code <handler class> <event.json>...}: creates the handler with its no-argument constructor
 *       (as the Lambda runtime does) and prints a mark, passes each API Gateway v2 event to
 *       {@code handleRequest(InputStream, OutputStream, Context)} with a minimal {@code Context}, and
 *       prints a mark with the response's status code after each.</li>
 * </ul>
 * With {@code -Dcoldstart.snapstart=true} the handler's SnapStart hook ({@code beforeCheckpoint}) runs before the
 * init mark, so the time after that mark is what the first requests after a snapshot's restore would take here.
 * Marks are single lines starting with {@value #MARK}, flushed at once; the parent stamps their arrival.
 * Kept free of lambdas' captured helper classes and inner classes, so this one class file is the driver.
 */
public final class ColdStartDriver {
    static final String MARK = "@@coldstart ";
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    private ColdStartDriver() {}

    public static void main(String[] args) throws Throwable {
        if (args.length == 0 || args[0].equals("hello")) {
            mark("hello 0 0");
            return;
        }
        ClassLoader loader = ColdStartDriver.class.getClassLoader();
        Class<?> handlerType = Class.forName(args[0], true, loader);
        Object handler = handlerType.getConstructor().newInstance();
        if (Boolean.getBoolean("coldstart.snapstart")) {
            // what SnapStart runs before its snapshot: the function's CRaC hook (the time after it is what a restore pays)
            Class<?> cracContext = Class.forName("org.crac.Context", true, loader);
            handlerType.getMethod("beforeCheckpoint", cracContext).invoke(handler, (Object) null);
        }
        // the runtime's side of an invocation is ready before the handler runs (on Lambda its context is a plain
        // object and the event arrives over the runtime API): the proxies, request ids and events are made here, so
        // that the time after the init mark is the function's alone
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", true, loader);
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", true, loader);
        Method handle = handlerType.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[]{loggerType}, (proxy, method, a) -> {
            if (method.getName().equals("log") && a != null && a.length > 0) {
                System.out.println(a[0] instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(a[0]));
            }
            return objectMethod(proxy, method, a);
        });
        long deadline = System.currentTimeMillis() + 29_000;
        byte[][] events = new byte[args.length][];
        Object[] contexts = new Object[args.length];
        for (int i = 1; i < args.length; i++) {
            events[i] = Files.readAllBytes(Path.of(args[i]));
            String requestId = UUID.randomUUID().toString();
            contexts[i] = Proxy.newProxyInstance(loader, new Class<?>[]{contextType}, (proxy, method, a) ->
                    switch (method.getName()) {
                        case "getAwsRequestId" -> requestId;
                        case "getFunctionName" -> "wattline-coldstart";
                        case "getFunctionVersion" -> "$LATEST";
                        case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:000000000000:function:wattline-coldstart";
                        case "getLogGroupName" -> "/aws/lambda/wattline-coldstart";
                        case "getLogStreamName" -> "coldstart";
                        case "getMemoryLimitInMB" -> 1024;
                        case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
                        case "getLogger" -> logger;
                        default -> objectMethod(proxy, method, a);
                    });
        }
        mark("init 0 0"); // the end of Lambda's init phase: what a SnapStart snapshot would hold
        for (int i = 1; i < args.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handle.invoke(handler, new ByteArrayInputStream(events[i]), out, contexts[i]);
            String response = out.toString(StandardCharsets.UTF_8);
            Matcher m = STATUS.matcher(response);
            mark(i + " " + (m.find() ? m.group(1) : "none") + " " + out.size());
        }
    }

    /** Object's methods on a proxy; null for anything else (identity, client context). */
    private static Object objectMethod(Object proxy, Method method, Object[] a) {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == a[0];
            case "toString" -> "ColdStartDriver proxy";
            default -> null;
        };
    }

    private static void mark(String text) {
        System.out.println(MARK + text);
        System.out.flush();
    }
}
