package io.wattline.local;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /openapi.json} (the document {@link OpenApi} generates from the running functions' route tables, built on
 * first request) and {@code /docs} (Swagger UI from its WebJar, {@code org.webjars:swagger-ui}, pointed at that
 * document). Nothing is fetched from a CDN.
 */
final class ApiDocs {
    static final String DOCUMENT = "/openapi.json", PREFIX = "/docs";
    /** The WebJar's folder on the class path; its version is the one the pom names. */
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript",
            "css", "text/css", "png", "image/png", "json", "application/json", "map", "application/json");

    record Answer(int status, String contentType, byte[] body) {}

    private final Supplier<byte[]> document;
    private final String version;
    /** {@code docs/api} of the checkout: the start script Swagger UI runs here and on AWS (one file for both). */
    private final Path site;

    ApiDocs(LocalFunctions functions) {
        Path events = locateEvents();
        this.site = events == null ? null : events.getParent().resolve("docs/api");
        this.document = io.wattline.config.Lazy.of(() ->
                writeDocument(OpenApi.document(functions.all(), events)));
        this.version = webjarVersion();
    }

    /** The document (a databind tree, built in the local cloud alone) as its JSON's bytes. */
    private static byte[] writeDocument(com.fasterxml.jackson.databind.JsonNode document) {
        try {
            return LocalJson.PLAIN.writeValueAsBytes(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    static boolean serves(String path) {
        return path.equals(DOCUMENT) || path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    Answer answer(String path) throws IOException {
        if (path.equals(DOCUMENT)) return new Answer(200, TYPES.get("json"), document.get());
        if (path.equals(PREFIX)) return new Answer(301, "text/plain", new byte[0]);
        String file = path.substring(PREFIX.length() + 1);
        if (file.isEmpty()) file = "index.html";
        if (file.equals("swagger-initializer.js")) {
            if (site == null || !Files.isRegularFile(site.resolve(file))) return notFound();
            return new Answer(200, TYPES.get("js"), Files.readAllBytes(site.resolve(file)));
        }
        if (version == null || file.contains("..") || file.contains("/")) return notFound();
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(WEBJAR + version + "/" + file)) {
            if (in == null) return notFound();
            String ext = file.substring(file.lastIndexOf('.') + 1);
            return new Answer(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        }
    }

    private static Answer notFound() {
        return new Answer(404, TYPES.get("json"), "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** The WebJar's version, from its Maven metadata on the class path. */
    private static String webjarVersion() {
        try (InputStream in = ApiDocs.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) return null;
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code events/} of the checkout: the request samples the document takes its examples from. */
    static Path locateEvents() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("events")) && Files.isRegularFile(p.resolve("wattline"))) return p.resolve("events");
        }
        return null;
    }
}
