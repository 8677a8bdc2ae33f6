package io.wattline.cdk;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The dashboards on AWS: the built bundle ({@code ui/dist}) in a private S3 bucket under {@code ui/}, and one
 * CloudFront distribution in front of both it and the HTTP API: {@code /ui/*} from the bucket (origin access
 * control, compressed, cached; a viewer-request function sends every path without a file extension to
 * {@code /ui/index.html}), everything else to the API uncached with the viewer's query and headers. So the
 * pages and the API they read share one origin (no CORS, the same relative URLs as the local cloud), the Lambdas
 * never serve static files, and the API keeps its own URL for clients that do not need the pages.
 */
public final class Dashboards extends Construct {
    /** Keeps {@code /ui} → {@code /ui/} and serves index.html for the app's paths, as the local cloud's StaticSite does. */
    static final String INDEX_FALLBACK = """
            function handler(event) {
              var r = event.request;
              if (r.uri === '/ui') {
                return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/ui/' } } };
              }
              var last = r.uri.substring(r.uri.lastIndexOf('/') + 1);
              if (last.indexOf('.') < 0) r.uri = '/ui/index.html';
              return r;
            }
            """;

    public final Bucket bucket;
    public final Distribution distribution;

    /** @param bundle the built {@code ui/dist}; when it is missing the stack still deploys, with a synth warning and no pages */
    public Dashboards(Construct scope, String id, HttpApi api, Path bundle) {
        super(scope, id);
        bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL).encryption(BucketEncryption.S3_MANAGED).enforceSsl(true)
                .removalPolicy(RemovalPolicy.DESTROY) // only the bundle lives here; the deployment below empties it on delete
                .build();
        Function fallback = Function.Builder.create(this, "IndexFallback").runtime(FunctionRuntime.JS_2_0)
                .code(FunctionCode.fromInline(INDEX_FALLBACK)).comment("wattline /ui/ index fallback").build();
        BehaviorOptions ui = BehaviorOptions.builder()
                .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .cachePolicy(CachePolicy.CACHING_OPTIMIZED).compress(true)
                .functionAssociations(List.of(FunctionAssociation.builder().function(fallback).eventType(FunctionEventType.VIEWER_REQUEST).build()))
                .build();
        // https://{id}.execute-api.{region}.amazonaws.com → its host name
        String apiHost = Fn.select(2, Fn.split("/", api.getApiEndpoint()));
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("wattline: dashboards at /ui/ and the API")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(HttpOrigin.Builder.create(apiHost).protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY).build())
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .build())
                .additionalBehaviors(Map.of("/ui", ui, "/ui/*", ui))
                .build();
        if (Files.isRegularFile(bundle.resolve("index.html"))) {
            BucketDeployment.Builder.create(this, "Bundle")
                    .sources(List.of(Source.asset(bundle.toString())))
                    .destinationBucket(bucket).destinationKeyPrefix("ui/")
                    .distribution(distribution).distributionPaths(List.of("/ui/*"))
                    .retainOnDelete(false)
                    .build();
        } else {
            Annotations.of(this).addWarning("the dashboards are not built (" + bundle
                    + " has no index.html): cd ui && npm ci && npm run build, then deploy again; ./wattline deploy does this");
        }
        CfnOutput.Builder.create(scope, "DashboardsUrl").value("https://" + distribution.getDistributionDomainName() + "/ui/").build();
    }

    /** {@code ui/dist} of the repository holding the working directory (cdk.json lives in infra/cdk). */
    public static Path defaultBundle() {
        return StackInputs.defaultFunctionsDir().getParent().resolve("ui").resolve("dist");
    }
}
