package io.wattline.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboards' bundle ({@code ui/dist}, built by {@code npm run build} in {@code ui/}) under {@code /ui/}:
 * files with their content types, {@code index.html} for any other path under {@code /ui/} (the pages route
 * with the URL's hash, so a deep link still lands on the app), and a page saying how to build the bundle
 * when it is missing. On AWS CloudFront serves the same files from S3 (infra/cdk).
 */
final class StaticSite {
    static final String PREFIX = "/ui/";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"), Map.entry("map", "application/json"), Map.entry("txt", "text/plain; charset=utf-8"));
    static final String NOT_BUILT = """
            <!doctype html><meta charset="utf-8"><title>Wattline UI not built</title>
            <h1>The dashboards are not built</h1>
            <p>Build them once with Node.js 18 or newer, then reload this page:</p>
            <pre>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</pre>
            <p><code>./wattline local</code> and <code>./wattline test</code> do this themselves when <code>npm</code> is on the PATH.
            The API works without them.</p>
            """;

    private final Path root;

    StaticSite(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code ui/dist} of the checkout: from the working directory or the nearest parent that has {@code ui/} (tests run in infra/local). */
    static StaticSite locate() {
        String configured = System.getProperty("wattline.ui.dir", System.getenv("WATTLINE_UI_DIR"));
        if (configured != null && !configured.isBlank()) return new StaticSite(Path.of(configured));
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("ui/package.json"))) return new StaticSite(p.resolve("ui/dist"));
        }
        return new StaticSite(Path.of("ui/dist"));
    }

    Path root() {
        return root;
    }

    boolean built() {
        return Files.isRegularFile(root.resolve("index.html"));
    }

    static boolean serves(String path) {
        return path.equals("/ui") || path.startsWith(PREFIX);
    }

    /** What the server sends: status, headers and body ({@code body} is empty for HEAD, {@code content-length} set). */
    record Answer(int status, Map<String, String> headers, byte[] body) {}

    /** As CloudFront's security headers on AWS: no other site may frame the pages (their buttons act with the key). */
    static final Map<String, String> FRAMING = Map.of("x-frame-options", "SAMEORIGIN",
            "content-security-policy", "frame-ancestors 'self'");

    /** The answer to a request for {@code rawPath} (under {@code /ui}), whatever server carries it. */
    Answer answer(String method, String rawPath, String acceptEncoding) throws IOException {
        method = method.toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return answer(405, Map.of("content-type", "application/json"),
                    "{\"detail\":\"Method Not Allowed\"}".getBytes(StandardCharsets.UTF_8), method);
        }
        if (rawPath.equals("/ui")) return new Answer(301, Map.of("location", PREFIX, "content-length", "0"), new byte[0]);
        if (!built()) {
            return answer(404, Map.of("content-type", "text/html; charset=utf-8"), NOT_BUILT.getBytes(StandardCharsets.UTF_8), method);
        }
        Optional<Path> file = resolve(rawPath.substring(PREFIX.length()));
        Path target = file.orElse(root.resolve("index.html"));
        String name = target.getFileName().toString();
        String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("content-type", type);
        // hashed asset names never change content; index.html must be revalidated to pick up a new build
        headers.put("cache-control", target.startsWith(root.resolve("assets")) ? "public, max-age=31536000, immutable" : "no-cache");
        byte[] body = Files.readAllBytes(target);
        // CloudFront compresses on AWS; the local cloud does the same for text, so page weights compare
        if (acceptEncoding != null && acceptEncoding.contains("gzip") && !type.startsWith("image/png") && body.length > 1024) {
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream(body.length / 3);
            try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
                out.write(body);
            }
            body = gz.toByteArray();
            headers.put("content-encoding", "gzip");
            headers.put("vary", "accept-encoding");
        }
        return answer(200, headers, body, method);
    }

    /** The file a request names, if it is a regular file inside the bundle (no ../ escapes). */
    Optional<Path> resolve(String relative) {
        String decoded = java.net.URLDecoder.decode(relative.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (decoded.isEmpty()) return Optional.empty();
        Path p = root.resolve(decoded).normalize();
        return p.startsWith(root) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private static Answer answer(int status, Map<String, String> headers, byte[] body, String method) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("x-content-type-options", "nosniff");
        all.putAll(FRAMING);
        all.put("content-security-policy", io.wattline.functions.PagePolicy.CONTENT_SECURITY_POLICY); // the pages': also where scripts may come from
        all.put("content-length", Integer.toString(body.length));
        return new Answer(status, all, method.equals("HEAD") ? new byte[0] : body);
    }
}
