package io.wattline.bench.detect;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs in a fresh JVM with a function's shaded jar on the class path: creates the handler and
 * answers one API Gateway event, then prints one line {@code jvm=<ms> init=<ms> first=<ms> status=<code>}:
 * JVM start to main, handler construction, and the first invocation (class loading, SDK clients,
 * the key lookup and the detection itself). Started by {@link DetectHttpBench}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        Instant main = Instant.now();
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(main);
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        long t0 = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long t1 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        long t2 = System.nanoTime();
        String reply = out.toString();
        int at = reply.indexOf("\"statusCode\":");
        String status = at < 0 ? "?" : reply.substring(at + 13, Math.min(reply.length(), at + 16));
        System.out.printf("jvm=%d init=%.1f first=%.1f status=%s%n", Duration.between(jvmStart, main).toMillis(),
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, status);
        System.exit(0);
    }
}
