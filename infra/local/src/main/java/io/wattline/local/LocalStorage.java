package io.wattline.local;

import io.wattline.config.Settings;
import io.wattline.config.Tables;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.s3.S3ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * The storage of the local cloud: DynamoDB Local and S3Proxy (filesystem backend), in this JVM,
 * each on its own loopback port and spoken to over the real wire protocol. Data lives under the
 * data folder, so it survives a restart; {@code inMemory} keeps DynamoDB in memory (tests).
 */
public final class LocalStorage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStorage.class);
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";

    private final DynamoDBProxyServer dynamo;
    private final S3Proxy s3;
    private final URI dynamoEndpoint;
    private final URI s3Endpoint;

    private LocalStorage(DynamoDBProxyServer dynamo, URI dynamoEndpoint, S3Proxy s3, URI s3Endpoint) {
        this.dynamo = dynamo;
        this.dynamoEndpoint = dynamoEndpoint;
        this.s3 = s3;
        this.s3Endpoint = s3Endpoint;
    }

    public static LocalStorage start(Path dataDir, boolean inMemory) {
        io.wattline.logging.JsonLogging.install(); // before the servers log (tests start storage alone)
        try {
            Path dynamoDir = Files.createDirectories(dataDir.resolve("dynamodb"));
            Path s3Dir = Files.createDirectories(dataDir.resolve("s3"));
            if (System.getProperty("sqlite4java.library.path") == null) {
                Path natives = Path.of("infra/local/target/native");
                if (!Files.isDirectory(natives)) natives = Path.of("target/native");
                System.setProperty("sqlite4java.library.path", natives.toAbsolutePath().toString());
            }
            int dynamoPort = freePort();
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(dynamoPort), "-disableTelemetry"));
            if (inMemory) {
                args.add("-inMemory");
            } else {
                args.addAll(List.of("-dbPath", dynamoDir.toAbsolutePath().toString()));
            }
            args.add("-sharedDb");
            DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            loopbackOnly(dynamo);
            dynamo.start();

            int s3Port = freePort();
            URI s3Endpoint = URI.create("http://127.0.0.1:" + s3Port);
            S3Proxy s3 = S3Proxy.builder()
                    .blobStore(new VersionedFilesystemBlobStore(s3Dir.toAbsolutePath()))
                    .endpoint(s3Endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            s3.start();
            for (int i = 0; i < 200 && !"STARTED".equals(s3.getState()); i++) Thread.sleep(25);
            LOG.info("DynamoDB Local on 127.0.0.1:{} ({}), S3Proxy on {} ({})", dynamoPort,
                    inMemory ? "in memory" : dynamoDir, s3Endpoint, s3Dir);
            return new LocalStorage(dynamo, URI.create("http://127.0.0.1:" + dynamoPort), s3, s3Endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("local storage did not start: " + e.getMessage(), e);
        }
    }

    /** The settings every function of the local cloud runs with (besides the gateway's own endpoint). */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_REGION", "us-east-1",
                "DYNAMODB_ENDPOINT", dynamoEndpoint.toString(),
                "S3_ENDPOINT", s3Endpoint.toString(),
                "WATTLINE_ACCESS_KEY_ID", ACCESS_KEY,
                "WATTLINE_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** Creates the tables and the versioned bucket that do not exist yet. */
    public static void provision(Settings settings) {
        try (DynamoDbClient db = DynamoDb.client(settings)) {
            for (Tables.Spec spec : settings.tables().specs()) {
                try {
                    db.createTable(b -> b.tableName(spec.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(
                                    AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
                                    AttributeDefinition.builder().attributeName("sk").attributeType(spec.sortKeyType()).build())
                            .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
                    LOG.info("created table {}", spec.name());
                    if (spec.ttlAttribute() != null) {
                        // as the stack declares it (DynamoDB Local keeps the setting; whether it deletes is its own)
                        db.updateTimeToLive(b -> b.tableName(spec.name()).timeToLiveSpecification(t -> t.enabled(true)
                                .attributeName(spec.ttlAttribute())));
                    }
                } catch (ResourceInUseException exists) {
                    // provisioned on an earlier start
                }
            }
        }
        try (S3Client s3 = S3ArtifactStore.client(settings)) {
            String bucket = settings.artifactBucket();
            boolean exists = s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket));
            if (!exists) {
                s3.createBucket(b -> b.bucket(bucket));
                LOG.info("created bucket {}", bucket);
            }
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
    }

    /**
     * DynamoDB Local has no option for the interface it listens on and binds all of them, where anyone on the
     * network could read the tables or mint an API key with any credentials. Its Jetty connectors are set to
     * the loopback address before it starts (the server is a private field: no other way in); a start that
     * would still listen elsewhere fails rather than expose the data.
     */
    static void loopbackOnly(DynamoDBProxyServer dynamo) {
        try {
            java.lang.reflect.Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            org.eclipse.jetty.server.Server jetty = (org.eclipse.jetty.server.Server) field.get(dynamo);
            for (org.eclipse.jetty.server.Connector c : jetty.getConnectors()) {
                ((org.eclipse.jetty.server.ServerConnector) c).setHost("127.0.0.1");
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot bind DynamoDB Local to 127.0.0.1 (" + e + "); refusing to listen on every interface", e);
        }
    }

    /** The host each connector of DynamoDB Local listens on (tests check it is the loopback address). */
    static List<String> dynamoHosts(DynamoDBProxyServer dynamo) throws ReflectiveOperationException {
        java.lang.reflect.Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        List<String> hosts = new ArrayList<>();
        for (org.eclipse.jetty.server.Connector c : ((org.eclipse.jetty.server.Server) field.get(dynamo)).getConnectors()) {
            hosts.add(((org.eclipse.jetty.server.ServerConnector) c).getHost());
        }
        return hosts;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    DynamoDBProxyServer dynamo() { return dynamo; }

    @Override
    public void close() {
        try {
            s3.stop();
        } catch (Exception e) {
            LOG.warn("S3Proxy did not stop cleanly: {}", e.toString());
        }
        try {
            dynamo.stop();
        } catch (Exception e) {
            LOG.warn("DynamoDB Local did not stop cleanly: {}", e.toString());
        }
    }
}
