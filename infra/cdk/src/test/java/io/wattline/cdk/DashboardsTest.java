package io.wattline.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The dashboards on AWS: bundle in a private bucket, one CloudFront distribution for /ui/* and the API. */
class DashboardsTest {
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    private static WattlineStack stack(Path dir, Path bundle) {
        Path jars = Synth.placeholderJars(dir.resolve("jars"), List.of(WattlineStackTest.ALPHA, WattlineStackTest.BETA));
        WattlineStack stack = Synth.stack(WattlineStackTest.inputs(jars, false));
        new Dashboards(stack, "Dashboards", stack, bundle);
        return stack;
    }

    @Test
    void uiFromAPrivateBucketAndEverythingElseFromTheApiThroughOneDistribution(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("dist");
        Files.createDirectories(bundle.resolve("assets"));
        Files.writeString(bundle.resolve("index.html"), "<!doctype html>");
        Files.writeString(bundle.resolve("assets/index-1.js"), "1");
        WattlineStack stack = stack(dir, bundle);
        Template t = Template.fromStack(stack);

        t.resourceCountIs("AWS::CloudFront::Distribution", 1);
        t.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        t.hasResourceProperties("AWS::S3::Bucket", Map.of("PublicAccessBlockConfiguration", Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        t.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "DefaultCacheBehavior", Match.objectLike(Map.of(
                        "CachePolicyId", CACHING_DISABLED,
                        "AllowedMethods", List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"),
                        "ViewerProtocolPolicy", "redirect-to-https")),
                "CacheBehaviors", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("PathPattern", "/ui/*", "CachePolicyId", CACHING_OPTIMIZED, "Compress", true,
                                // the pages' own policy (below): CloudFront's security headers and their CSP
                                "ResponseHeadersPolicyId", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("PageHeaders"))),
                                "FunctionAssociations", List.of(Match.objectLike(Map.of("EventType", "viewer-request")))))))))));
        // the API origin is the HTTP API's host
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) Synth.props(Synth.resources(t).get(
                t.findResources("AWS::CloudFront::Distribution").keySet().iterator().next())).get("DistributionConfig");
        String origins = config.get("Origins").toString();
        assertTrue(origins.contains("ApiEndpoint") || origins.contains(WattlineStackTest.id(stack, stack.http.api.getApiId())),
                "an origin points at the HTTP API: " + origins);
        // the API origin gets the origin secret, which every function knows: only then is CloudFront's viewer address trusted
        String secret = t.findResources("AWS::SecretsManager::Secret").keySet().iterator().next();
        assertTrue(origins.contains("X-Origin-Verify") && origins.contains("{{resolve:secretsmanager:") && origins.contains(secret),
                "the API origin sends the stack's secret: " + origins);
        Synth.resources(t).forEach((id, r) -> {
            if (!"AWS::Lambda::Function".equals(((Map<?, ?>) r).get("Type"))) return;
            Object env = Synth.props(r).get("Environment");
            if (env == null) return; // CDK's own helpers (the bucket deployment)
            String vars = env.toString();
            if (vars.contains("TABLE_STATE")) {
                assertTrue(vars.contains("ORIGIN_VERIFY_SECRET") && vars.contains(secret), id + ": " + vars);
            }
        });
        t.hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "DestinationBucketKeyPrefix", "ui/", "DistributionPaths", List.of("/ui/*")));
        t.hasResourceProperties("AWS::CloudFront::Function", Map.of("FunctionCode", Match.stringLikeRegexp("/ui/index.html")));
        // the pages' headers: scripts from their own origin only (the API key sits in localStorage), and not framed
        t.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", Map.of("ResponseHeadersPolicyConfig", Match.objectLike(Map.of(
                "SecurityHeadersConfig", Match.objectLike(Map.of(
                        "ContentSecurityPolicy", Map.of("ContentSecurityPolicy", io.wattline.functions.PagePolicy.CONTENT_SECURITY_POLICY, "Override", true),
                        "FrameOptions", Map.of("FrameOption", "SAMEORIGIN", "Override", true)))))));
        assertEquals(1, t.findOutputs("DashboardsUrl").size());
        // the API's documentation from the same bucket: Swagger UI and the generated document under docs/
        t.hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "DestinationBucketKeyPrefix", "docs/", "DistributionPaths", List.of("/docs/*", "/openapi.json")));
        t.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "CacheBehaviors", Match.arrayWith(List.of(Match.objectLike(Map.of("PathPattern", "/openapi.json",
                        "FunctionAssociations", List.of(Match.objectLike(Map.of("EventType", "viewer-request")))))))))));
        t.hasResourceProperties("AWS::CloudFront::Function", Map.of("FunctionCode", Match.stringLikeRegexp("/docs/openapi.json")));
        assertEquals(1, t.findOutputs("DocsUrl").size());
        // the deployments' copying function logs for a month, not forever
        Synth.resources(t).forEach((id, r) -> {
            if ("AWS::Lambda::Function".equals(r.get("Type")) && !String.valueOf(Synth.props(r).get("Handler")).contains("handleRequest")) {
                assertTrue(String.valueOf(Synth.props(r).get("LoggingConfig")).contains("LogGroup"), id + " logs to a group of its own");
            }
        });
        t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void aMissingBundleIsAWarningAndNoDeployment(@TempDir Path dir) {
        WattlineStack stack = stack(dir, dir.resolve("no-such-dist"));
        // only the API's documentation is deployed
        Template t = Template.fromStack(stack);
        t.resourceCountIs("Custom::CDKBucketDeployment", 1);
        t.hasResourceProperties("Custom::CDKBucketDeployment", Map.of("DestinationBucketKeyPrefix", "docs/"));
        Annotations.fromStack(stack).hasWarning("*", Match.stringLikeRegexp("npm ci && npm run build"));
    }
}
