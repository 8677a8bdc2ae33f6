package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.http.LambdaFunction;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpService;

/**
 * Handlers run as the Lambda runtime runs them. Under {@code exec:java} the gateway's threads carried a
 * context class loader that does not see the handlers' jars, so service lookups on it found nothing (Powertools
 * once printed "ERROR. No LoggingManager was found on the classpath" at the first request that way).
 */
class LocalFunctionsTest {
    /** Whether a lookup the handlers depend on (the SDK finds its HTTP client by a ServiceLoader) finds it. */
    static boolean findsTheSdkHttpClient() {
        return ServiceLoader.load(SdkHttpService.class).findFirst().isPresent();
    }

    @Test
    void handlersRunWithTheirOwnClassLoaderAsTheContextLoader() throws Exception {
        LambdaFunction data = TestCloud.get().functions().all().get("data");
        AtomicReference<Boolean> bare = new AtomicReference<>(), inRuntime = new AtomicReference<>();
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        Thread gatewayLike = new Thread(() -> {
            bare.set(findsTheSdkHttpClient());
            LocalFunctions.asLambdaRuntime(data, () -> {
                seen.set(Thread.currentThread().getContextClassLoader());
                inRuntime.set(findsTheSdkHttpClient());
            });
        });
        // a context loader that sees only the JDK, as Maven's own loader sees none of the project's jars
        try (URLClassLoader foreign = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            gatewayLike.setContextClassLoader(foreign);
            gatewayLike.start();
            gatewayLike.join();
            assertEquals(false, bare.get(), "the foreign loader must not see the SDK's HTTP client (else this test proves nothing)");
            assertTrue(inRuntime.get(), "the SDK must find its HTTP client while a handler runs");
            assertEquals(data.getClass().getClassLoader(), seen.get());
            assertEquals(foreign, gatewayLike.getContextClassLoader(), "the thread's own loader is restored");
        }
    }
}
