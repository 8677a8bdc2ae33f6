package io.wattline.store.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An SDK HTTP client that answers every request from memory and opens no socket: SnapStart priming sends a
 * service's real operations through it (marshalling, signing, response parsing, error mapping) without reaching the
 * service. It reads each request's body to the end, as a real client sends it, and keeps the requests it saw (for
 * tests). The SDK's own canned client ({@code CannedResponseHttpClient}) is protected API and gives every request the
 * same body without headers; S3 needs an answer per operation, and errors need their status.
 */
public final class AnsweringHttpClient implements SdkHttpClient {
    /** A response: status, headers and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {}

    private final Function<SdkHttpRequest, Answer> answers;
    private final List<SdkHttpRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AnsweringHttpClient(Function<SdkHttpRequest, Answer> answers) {
        this.answers = answers;
    }

    /**
     * A client builder set up as the adapters build theirs on AWS (a region's endpoint, no override), but answered by
     * this client and signed with throwaway credentials.
     */
    public <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B wire(B builder) {
        return builder.httpClient(this).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")));
    }

    /** The requests answered so far, in order (signed, as they would have been sent). */
    public List<SdkHttpRequest> seen() {
        return List.copyOf(seen);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                seen.add(request.httpRequest());
                Answer a = answers.apply(request.httpRequest());
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(a.status());
                a.headers().forEach(response::putHeader);
                response.putHeader("Content-Length", Integer.toString(a.body().length));
                return HttpExecuteResponse.builder().response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(a.body()))).build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public String clientName() {
        return "wattline-answering";
    }

    @Override
    public void close() {
    }
}
