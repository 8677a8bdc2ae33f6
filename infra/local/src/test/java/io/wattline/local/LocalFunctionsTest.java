package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.http.LambdaFunction;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Handlers run as the Lambda runtime runs them. Under {@code exec:java} the gateway's threads carried a
 * context class loader that does not see the handlers' jars, so Powertools found no logging back end and
 * printed "ERROR. No LoggingManager was found on the classpath" at the first request.
 */
class LocalFunctionsTest {
    /** Whether Powertools' lookup (a ServiceLoader on the context class loader) finds a logging back end. */
    static boolean powertoolsFindsItsLogging() {
        return ServiceLoader.load(LoggingManager.class).findFirst().isPresent();
    }

    @Test
    void handlersRunWithTheirOwnClassLoaderAsTheContextLoader() throws Exception {
        LambdaFunction data = TestCloud.get().functions().all().get("data");
        AtomicReference<Boolean> bare = new AtomicReference<>(), inRuntime = new AtomicReference<>();
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        Thread gatewayLike = new Thread(() -> {
            bare.set(powertoolsFindsItsLogging());
            LocalFunctions.asLambdaRuntime(data, () -> {
                seen.set(Thread.currentThread().getContextClassLoader());
                inRuntime.set(powertoolsFindsItsLogging());
            });
        });
        // a context loader that sees only the JDK, as Maven's own loader sees none of the project's jars
        try (URLClassLoader foreign = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            gatewayLike.setContextClassLoader(foreign);
            gatewayLike.start();
            gatewayLike.join();
            assertEquals(false, bare.get(), "the foreign loader must not see Powertools' back end (else this test proves nothing)");
            assertTrue(inRuntime.get(), "Powertools must find its Log4j back end while a handler runs");
            assertEquals(data.getClass().getClassLoader(), seen.get());
            assertEquals(foreign, gatewayLike.getContextClassLoader(), "the thread's own loader is restored");
        }
    }
}
