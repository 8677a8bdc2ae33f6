package io.wattline.cdk;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersXSSProtection;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
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
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
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

    /**
     * The API's documentation from the same bucket: {@code /openapi.json} is {@code docs/openapi.json} there, {@code /docs}
     * goes to {@code /docs/}, and a folder to its index.html.
     */
    static final String DOCS_PATHS = """
            function handler(event) {
              var r = event.request;
              if (r.uri === '/openapi.json') { r.uri = '/docs/openapi.json'; return r; }
              if (r.uri === '/docs') {
                return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/docs/' } } };
              }
              if (r.uri.endsWith('/')) r.uri = r.uri + 'index.html';
              return r;
            }
            """;

    public final Bucket bucket;
    public final Distribution distribution;

    /** @param bundle the built {@code ui/dist}; when it is missing the stack still deploys, with a synth warning and no pages */
    public Dashboards(Construct scope, String id, WattlineStack stack, Path bundle) {
        this(scope, id, stack, bundle, defaultDocs());
    }

    /** @param docsApi {@code docs/api} of the repository: the OpenAPI document and Swagger UI's start script */
    public Dashboards(Construct scope, String id, WattlineStack stack, Path bundle, Path docsApi) {
        super(scope, id);
        HttpApi api = stack.http.api;
        bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL).encryption(BucketEncryption.S3_MANAGED).enforceSsl(true)
                .removalPolicy(RemovalPolicy.DESTROY) // only the bundle lives here; the deployment below empties it on delete
                .build();
        Function fallback = Function.Builder.create(this, "IndexFallback").runtime(FunctionRuntime.JS_2_0)
                .code(FunctionCode.fromInline(INDEX_FALLBACK)).comment("wattline /ui/ index fallback").build();
        // one origin (one origin access control) for the pages and the documentation
        var files = S3BucketOrigin.withOriginAccessControl(bucket);
        // the headers of CloudFront's managed security policy (no framing by another site: the twin page's buttons inject
        // faults, a framed page could be clicked through; nosniff, HSTS, a referrer policy), and the pages' CSP: scripts
        // from their own origin only, since the API key sits in the browser's localStorage
        ResponseHeadersPolicy pageHeaders = ResponseHeadersPolicy.Builder.create(this, "PageHeaders")
                .comment("wattline dashboards: security headers and content security policy")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(io.wattline.functions.PagePolicy.CONTENT_SECURITY_POLICY).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.SAMEORIGIN).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN).override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(software.amazon.awscdk.Duration.days(365)).override(true).build())
                        .xssProtection(ResponseHeadersXSSProtection.builder().protection(true).modeBlock(true).override(true).build())
                        .build())
                .build();
        BehaviorOptions ui = BehaviorOptions.builder()
                .origin(files)
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .cachePolicy(CachePolicy.CACHING_OPTIMIZED).compress(true)
                .responseHeadersPolicy(pageHeaders)
                .functionAssociations(List.of(FunctionAssociation.builder().function(fallback).eventType(FunctionEventType.VIEWER_REQUEST).build()))
                .build();
        Function docsPaths = Function.Builder.create(this, "DocsPaths").runtime(FunctionRuntime.JS_2_0)
                .code(FunctionCode.fromInline(DOCS_PATHS)).comment("wattline /docs/ and /openapi.json paths").build();
        BehaviorOptions docs = BehaviorOptions.builder()
                .origin(files)
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .cachePolicy(CachePolicy.CACHING_OPTIMIZED).compress(true)
                .responseHeadersPolicy(ResponseHeadersPolicy.SECURITY_HEADERS)
                .functionAssociations(List.of(FunctionAssociation.builder().function(docsPaths).eventType(FunctionEventType.VIEWER_REQUEST).build()))
                .build();
        // https://{id}.execute-api.{region}.amazonaws.com → its host name
        String apiHost = Fn.select(2, Fn.split("/", api.getApiEndpoint()));
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("wattline: dashboards at /ui/ and the API")
                .defaultBehavior(BehaviorOptions.builder()
                        // the secret marks the request as this distribution's, whose CloudFront-Viewer-Address
                        // (forwarded by the policy below) the functions then take as the client's address
                        .origin(HttpOrigin.Builder.create(apiHost).protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                                .customHeaders(Map.of("X-Origin-Verify", stack.originVerify.getSecretValue().unsafeUnwrap()))
                                .build())
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .build())
                .additionalBehaviors(Map.of("/ui", ui, "/ui/*", ui, "/docs", docs, "/docs/*", docs, "/openapi.json", docs))
                .build();
        if (Files.isRegularFile(bundle.resolve("index.html"))) {
            BucketDeployment.Builder.create(this, "Bundle").logGroup(deploymentLogs())
                    .sources(List.of(Source.asset(bundle.toString())))
                    .destinationBucket(bucket).destinationKeyPrefix("ui/")
                    .distribution(distribution).distributionPaths(List.of("/ui/*"))
                    .retainOnDelete(false)
                    .build();
        } else {
            Annotations.of(this).addWarning("the dashboards are not built (" + bundle
                    + " has no index.html): cd ui && npm ci && npm run build, then deploy again; ./wattline deploy does this");
        }
        Path site = apiDocs(docsApi);
        if (site != null) {
            BucketDeployment.Builder.create(this, "ApiDocs").logGroup(deploymentLogs())
                    .sources(List.of(Source.asset(site.toString())))
                    .destinationBucket(bucket).destinationKeyPrefix("docs/")
                    .distribution(distribution).distributionPaths(List.of("/docs/*", "/openapi.json"))
                    .retainOnDelete(false)
                    .build();
        } else {
            Annotations.of(this).addWarning("the API documentation is not published: docs/api/openapi.json or Swagger UI's WebJar is missing");
        }
        CfnOutput.Builder.create(scope, "DocsUrl").value("https://" + distribution.getDistributionDomainName() + "/docs/").build();
        CfnOutput.Builder.create(scope, "DashboardsUrl").value("https://" + distribution.getDistributionDomainName() + "/ui/").build();
    }

    /**
     * A folder with what {@code /docs/} serves: Swagger UI's files from its WebJar on this class path, the start script
     * and {@code openapi.json} of {@code docs/api} (the document the route tables generate; a test keeps it so).
     * Null when either is missing.
     */
    static Path apiDocs(Path docsApi) {
        if (!Files.isRegularFile(docsApi.resolve("openapi.json")) || !Files.isRegularFile(docsApi.resolve("swagger-initializer.js"))) return null;
        try (java.io.InputStream props = Dashboards.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (props == null) return null;
            java.util.Properties p = new java.util.Properties();
            p.load(props);
            String prefix = "META-INF/resources/webjars/swagger-ui/" + p.getProperty("version") + "/";
            Path out = Files.createTempDirectory("wattline-docs-");
            for (String file : List.of("index.html", "swagger-ui.css", "index.css", "swagger-ui-bundle.js",
                    "swagger-ui-standalone-preset.js", "favicon-32x32.png", "favicon-16x16.png")) {
                try (java.io.InputStream in = Dashboards.class.getClassLoader().getResourceAsStream(prefix + file)) {
                    if (in != null) Files.copy(in, out.resolve(file));
                }
            }
            if (!Files.isRegularFile(out.resolve("index.html"))) return null;
            Files.copy(docsApi.resolve("swagger-initializer.js"), out.resolve("swagger-initializer.js"));
            Files.copy(docsApi.resolve("openapi.json"), out.resolve("openapi.json"));
            return out;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** {@code docs/api} of the repository holding the working directory. */
    public static Path defaultDocs() {
        return StackInputs.defaultFunctionsDir().getParent().resolve("docs").resolve("api");
    }

    /** {@code ui/dist} of the repository holding the working directory (cdk.json lives in infra/cdk). */
    public static Path defaultBundle() {
        return StackInputs.defaultFunctionsDir().getParent().resolve("ui").resolve("dist");
    }

    private LogGroup deploymentLogs;

    /** The bucket deployments' copying function logs here a month, as every function of the stack does (not forever). */
    private LogGroup deploymentLogs() {
        if (deploymentLogs == null) {
            deploymentLogs = LogGroup.Builder.create(this, "DeploymentLogs").retention(RetentionDays.ONE_MONTH)
                    .removalPolicy(RemovalPolicy.DESTROY).build();
        }
        return deploymentLogs;
    }
}
