package io.wattline.store.lambda;

import io.wattline.config.Settings;
import io.wattline.store.aws.AnsweringHttpClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncInvokerTest {
    private static AnsweringHttpClient answering(List<Integer> statuses, String body) {
        AtomicInteger call = new AtomicInteger();
        return new AnsweringHttpClient(r -> new AnsweringHttpClient.Answer(
                statuses.get(Math.min(call.getAndIncrement(), statuses.size() - 1)),
                Map.of("X-Amzn-ErrorType", "ServiceException"), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anInvocationIsOneSignedEventPostToTheFunctionsInvocationsPath() {
        var http = answering(List.of(202), "");
        LambdaPriming.invoker(http).invoke("arn:aws:lambda:us-east-1:123456789012:function:wattline-kpi", "{\"a\":1}");
        assertEquals(1, http.seen().size());
        var r = http.seen().get(0);
        assertEquals("lambda.us-east-1.amazonaws.com", r.host());
        assertEquals("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Awattline-kpi/invocations",
                r.encodedPath());
        assertEquals("Event", r.firstMatchingHeader("X-Amz-Invocation-Type").orElse(""));
        String auth = r.firstMatchingHeader("Authorization").orElse("");
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=priming/"), auth);
        assertTrue(auth.contains("/us-east-1/lambda/aws4_request"), auth);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedThenSucceed() {
        var http = answering(List.of(429, 503, 202), "{\"message\":\"Rate exceeded\"}");
        LambdaPriming.invoker(http).invoke("wattline-kpi", "{}");
        assertEquals(3, http.seen().size());
    }

    @Test
    void aLastingServerErrorFailsAfterThreeAttemptsWithLambdasMessage() {
        var http = answering(List.of(500), "{\"message\":\"boom\"}");
        var e = assertThrows(IllegalStateException.class, () -> LambdaPriming.invoker(http).invoke("wattline-kpi", "{}"));
        assertEquals(3, http.seen().size());
        assertTrue(e.getMessage().contains("500") && e.getMessage().contains("ServiceException")
                && e.getMessage().contains("boom") && e.getMessage().contains("3 attempts"), e.getMessage());
    }

    @Test
    void anIoErrorIsRetriedWithTheRequestSignedAgain() {
        AtomicInteger calls = new AtomicInteger();
        var answering = answering(List.of(202), "");
        software.amazon.awssdk.http.SdkHttpClient flaky = new software.amazon.awssdk.http.SdkHttpClient() {
            @Override
            public software.amazon.awssdk.http.ExecutableHttpRequest prepareRequest(software.amazon.awssdk.http.HttpExecuteRequest r) {
                if (calls.incrementAndGet() == 1) {
                    return new software.amazon.awssdk.http.ExecutableHttpRequest() {
                        @Override public software.amazon.awssdk.http.HttpExecuteResponse call() throws java.io.IOException {
                            throw new java.net.ConnectException("connection refused");
                        }
                        @Override public void abort() {}
                    };
                }
                return answering.prepareRequest(r);
            }
            @Override public void close() {}
        };
        new AsyncInvoker(flaky, software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("k", "s")), "us-east-1",
                java.net.URI.create("https://lambda.us-east-1.amazonaws.com")).invoke("wattline-kpi", "{}");
        assertEquals(2, calls.get());
        assertEquals(1, answering.seen().size());
        assertTrue(answering.seen().get(0).firstMatchingHeader("Authorization").orElse("").contains("Credential=k/"));
    }

    @Test
    void aRefusalIsNotRetried() {
        var http = answering(List.of(404), "{\"message\":\"Function not found\"}");
        var e = assertThrows(IllegalStateException.class, () -> LambdaPriming.invoker(http).invoke("wattline-nope", "{}"));
        assertEquals(1, http.seen().size());
        assertTrue(e.getMessage().contains("404") && e.getMessage().contains("Function not found"), e.getMessage());
    }

    @Test
    void onAwsTheEndpointIsTheRegionsOwn() {
        Settings eu = Settings.from(Map.of("AWS_REGION", "eu-central-1"));
        assertEquals("https://lambda.eu-central-1.amazonaws.com", AsyncInvoker.endpoint(eu).toString());
        Settings cn = Settings.from(Map.of("AWS_REGION", "cn-north-1"));
        assertEquals("https://lambda.cn-north-1.amazonaws.com.cn", AsyncInvoker.endpoint(cn).toString());
        Settings local = Settings.from(Map.of("LAMBDA_ENDPOINT", "http://127.0.0.1:8001"));
        assertEquals("http://127.0.0.1:8001", AsyncInvoker.endpoint(local).toString());
    }

    /**
     * The function jars leave out the SDK's endpoint metadata of every service (pom.xml): resolved in a class loader
     * that lacks it as they do, the endpoint still comes out (it threw NoClassDefFoundError on AWS, and no job started).
     */
    @Test
    void theEndpointResolvesWithoutTheServiceMetadataTheJarsLeaveOut() throws Exception {
        java.net.URL[] path = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> {
                    try {
                        return java.nio.file.Path.of(e).toUri().toURL();
                    } catch (java.net.MalformedURLException x) {
                        throw new IllegalStateException(x);
                    }
                }).toArray(java.net.URL[]::new);
        try (var jarLike = new java.net.URLClassLoader(path, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("software.amazon.awssdk.regions.servicemetadata.")) throw new ClassNotFoundException(name);
                return super.loadClass(name, resolve);
            }
        }) {
            var regional = jarLike.loadClass(AsyncInvoker.class.getName()).getDeclaredMethod("regionalEndpoint", String.class);
            regional.setAccessible(true);
            assertEquals(java.net.URI.create("https://lambda.eu-west-1.amazonaws.com"), regional.invoke(null, "eu-west-1"));
            assertEquals(java.net.URI.create("https://lambda.cn-northwest-1.amazonaws.com.cn"), regional.invoke(null, "cn-northwest-1"));
            assertEquals(java.net.URI.create("https://lambda.us-gov-west-1.amazonaws.com"), regional.invoke(null, "us-gov-west-1"));
            // the SDK's own lookup fails in this loader, as it did in the jars
            var metadata = jarLike.loadClass("software.amazon.awssdk.regions.ServiceMetadata").getMethod("of", String.class);
            var thrown = assertThrows(java.lang.reflect.InvocationTargetException.class, () -> metadata.invoke(null, "lambda"));
            assertTrue(thrown.getCause() instanceof LinkageError, thrown.getCause().toString());
        }
    }
}
