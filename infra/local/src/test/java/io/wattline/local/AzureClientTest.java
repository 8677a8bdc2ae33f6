package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.ai.anomalydetector.AnomalyDetectorClient;
import com.azure.ai.anomalydetector.AnomalyDetectorClientBuilder;
import com.azure.ai.anomalydetector.models.AnomalyDetectorErrorException;
import com.azure.ai.anomalydetector.models.ChangePointDetectRequest;
import com.azure.ai.anomalydetector.models.ChangePointDetectResponse;
import com.azure.ai.anomalydetector.models.DetectRequest;
import com.azure.ai.anomalydetector.models.EntireDetectResponse;
import com.azure.ai.anomalydetector.models.ImputeMode;
import com.azure.ai.anomalydetector.models.LastDetectResponse;
import com.azure.ai.anomalydetector.models.TimeGranularity;
import com.azure.ai.anomalydetector.models.TimeSeriesPoint;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.AddHeadersPolicy;
import io.wattline.store.KeyStore;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Azure's own Java client ({@code com.azure:azure-ai-anomalydetector} 3.0.0-beta.4), unchanged but for
 * the endpoint and the key, against the local cloud. Its default API version is v1.1-preview.1. The key
 * goes in {@code Ocp-Apim-Subscription-Key} by a header policy, because the client's
 * {@code AzureKeyCredentialPolicy} insists on HTTPS and the local gateway speaks HTTP.
 * The client's Netty transport is replaced by {@link JdkHttp} (java.net.http), a transport choice
 * that changes nothing on the wire.
 */
class AzureClientTest {
    static AnomalyDetectorClient client;

    @BeforeAll
    static void build() {
        client = new AnomalyDetectorClientBuilder()
                .endpoint(TestCloud.get().url().toString())
                .httpClient(new JdkHttp())
                // AzureKeyCredentialPolicy refuses plain HTTP (the local gateway); on AWS's HTTPS endpoint it is
                // the usual choice. Both send the same Ocp-Apim-Subscription-Key header.
                .addPolicy(new AddHeadersPolicy(new HttpHeaders().set("Ocp-Apim-Subscription-Key", KeyStore.LOCAL_DEVELOPMENT_KEY)))
                .buildClient();
    }

    static List<TimeSeriesPoint> series(int n) {
        Random rnd = new Random(5);
        OffsetDateTime t0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        List<TimeSeriesPoint> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * i / 24) + 0.5 * rnd.nextGaussian() + (i == 100 ? 15 : 0)
                    + (i >= 150 ? 8 : 0);
            s.add(new TimeSeriesPoint().setTimestamp(t0.plusHours(i)).setValue((float) v));
        }
        return s;
    }

    @Test
    void entireSeries() {
        EntireDetectResponse r = client.detectEntireSeries(new DetectRequest().setSeries(series(200))
                .setGranularity(TimeGranularity.HOURLY).setSensitivity(95).setMaxAnomalyRatio(0.25f)
                .setImputeMode(ImputeMode.AUTO));
        assertEquals(24, r.getPeriod());
        assertEquals(200, r.getExpectedValues().size());
        assertTrue(r.getIsAnomaly().get(100));
        assertTrue(r.getIsPositiveAnomaly().get(100));
        assertTrue(r.getSeverity().get(100) > 0);
        assertFalse(r.getIsAnomaly().get(50));
    }

    @Test
    void lastPoint() {
        LastDetectResponse r = client.detectLastPoint(new DetectRequest().setSeries(series(101))
                .setGranularity(TimeGranularity.HOURLY).setSensitivity(95));
        assertEquals(24, r.getPeriod());
        assertEquals(97, r.getSuggestedWindow());
        assertTrue(r.isAnomaly());
        assertTrue(r.getUpperMargin() > 0);
    }

    @Test
    void changePoint() {
        ChangePointDetectResponse r = client.detectChangePoint(new ChangePointDetectRequest().setSeries(series(300))
                .setGranularity(TimeGranularity.HOURLY).setStableTrendWindow(10).setThreshold(0.9f));
        assertEquals(300, r.getIsChangePoint().size());
        int at = r.getIsChangePoint().indexOf(true);
        assertTrue(Math.abs(at - 150) <= 3, "change point at " + at);
    }

    @Test
    void errorsComeBackAsAzureErrors() {
        AnomalyDetectorErrorException e = assertThrows(AnomalyDetectorErrorException.class,
                () -> client.detectEntireSeries(new DetectRequest().setSeries(series(5)).setGranularity(TimeGranularity.HOURLY)));
        assertEquals(400, e.getResponse().getStatusCode());
        // compared as text: this old client's ExpandableStringEnum constants can be null on recent JDKs
        assertEquals("InvalidSeries", e.getValue().getCode().toString());
        assertEquals("The 'series' field must have at least 12 points.", e.getValue().getMessage());
    }

    /** azure-core's HttpClient over java.net.http. */
    static final class JdkHttp implements HttpClient {
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            Mono<byte[]> body = request.getBody() == null ? Mono.just(new byte[0])
                    : request.getBody().collect(ByteArrayOutputStream::new, (out, b) -> {
                        byte[] a = new byte[b.remaining()];
                        b.get(a);
                        out.writeBytes(a);
                    }).map(ByteArrayOutputStream::toByteArray);
            return body.flatMap(bytes -> Mono.fromCallable(() -> {
                var b = java.net.http.HttpRequest.newBuilder(request.getUrl().toURI())
                        .method(request.getHttpMethod().name(), bytes.length == 0
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes));
                request.getHeaders().forEach(h -> {
                    String n = h.getName().toLowerCase();
                    if (!n.equals("content-length") && !n.equals("host") && !n.equals("connection")) b.header(h.getName(), h.getValue());
                });
                var r = http.send(b.build(), BodyHandlers.ofByteArray());
                HttpHeaders headers = new HttpHeaders();
                r.headers().map().forEach((k, v) -> headers.set(k, v));
                return (HttpResponse) new Buffered(request, r.statusCode(), headers, r.body());
            }));
        }
    }

    static final class Buffered extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;

        Buffered(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
            super(request);
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        @Override public int getStatusCode() { return status; }
        @Override public String getHeaderValue(String name) { return headers.getValue(name); }
        @Override public HttpHeaders getHeaders() { return headers; }
        @Override public Flux<ByteBuffer> getBody() { return Flux.just(ByteBuffer.wrap(body)); }
        @Override public Mono<byte[]> getBodyAsByteArray() { return Mono.just(body); }
        @Override public Mono<String> getBodyAsString() { return Mono.just(new String(body, StandardCharsets.UTF_8)); }
        @Override public Mono<String> getBodyAsString(Charset charset) { return Mono.just(new String(body, charset)); }
    }
}
