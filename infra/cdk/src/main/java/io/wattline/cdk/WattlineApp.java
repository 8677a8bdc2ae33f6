package io.wattline.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The CDK app: {@code cdk synth|deploy} in infra/cdk runs it. Context flags:
 * {@code timestream=true} adds Timestream for telemetry; {@code openReads=true} lets read routes answer
 * callers without a key (off by default: see docs/SECURITY.md), {@code corsOrigins=A,B} lets browsers on those
 * origins call it, {@code reservedConcurrency=N} caps and reserves each function's concurrency,
 * {@code keyRequestsPerMinute=N} sets the quota of keys without their own, {@code readRequestsPerSecond=N} and
 * {@code writeRequestsPerSecond=N} each route's rate at API Gateway (200 and 20 by default, bursts twice that);
 * {@code twinSampleRetentionDays=N} how long the telemetry table keeps the twin's samples (30 by default, 0: for good); {@code alarmEmail=A,B} subscribes
 * addresses to the alarms; {@code jarDir=DIR} reads
 * {@code DIR/<name>/target/function.jar} instead of the repository's {@code functions/}.
 */
public final class WattlineApp {
    private WattlineApp() {}

    public static void main(String[] args) {
        App app = new App();
        StackProps props = StackProps.builder()
                .description("Wattline: serverless energy and asset-health analytics")
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build();
        WattlineStack stack = new WattlineStack(app, "Wattline", props, StackInputs.fromCatalogues(functionsDir(app), timestream(app),
                apiOptions(app), number(app, "twinSampleRetentionDays", io.wattline.config.Settings.DEFAULT_TWIN_SAMPLE_RETENTION_DAYS)));
        new Dashboards(stack, "Dashboards", stack, Dashboards.defaultBundle());
        alarmEmails(app).forEach(address -> stack.alarms.topic.addSubscription(new EmailSubscription(address)));
        app.synth();
    }

    /** {@code -c jarDir=DIR}, else the repository's {@code functions/}. */
    static Path functionsDir(App app) {
        Object jarDir = app.getNode().tryGetContext("jarDir");
        return jarDir == null ? StackInputs.defaultFunctionsDir() : Path.of(jarDir.toString()).toAbsolutePath();
    }

    /** {@code -c timestream=true} (a string from the command line, a boolean from cdk.json). */
    static boolean timestream(App app) {
        return flag(app, "timestream");
    }

    /**
     * {@code -c openReads=true}, {@code -c corsOrigins=https://a.example,https://b.example}, {@code -c reservedConcurrency=N|name:N,...},
     * {@code -c keyRequestsPerMinute=N}, {@code -c readRequestsPerSecond=N}, {@code -c writeRequestsPerSecond=N}.
     */
    static StackInputs.ApiOptions apiOptions(App app) {
        Object cors = app.getNode().tryGetContext("corsOrigins");
        return new StackInputs.ApiOptions(flag(app, "openReads"),
                cors == null || cors.toString().isBlank() ? java.util.List.of()
                        : java.util.Arrays.stream(cors.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                StackInputs.ApiOptions.parseReservedConcurrency(context(app, "reservedConcurrency")),
                number(app, "keyRequestsPerMinute", io.wattline.config.Settings.DEFAULT_KEY_REQUESTS_PER_MINUTE),
                number(app, "readRequestsPerSecond", StackInputs.ApiOptions.DEFAULT_READ_REQUESTS_PER_SECOND),
                number(app, "writeRequestsPerSecond", StackInputs.ApiOptions.DEFAULT_WRITE_REQUESTS_PER_SECOND));
    }

    /** {@code -c NAME=...} as written, or null. */
    static String context(App app, String name) {
        Object value = app.getNode().tryGetContext(name);
        return value == null ? null : value.toString();
    }

    /** {@code -c NAME=N}, or the default without it. */
    static int number(App app, String name, int otherwise) {
        Object value = app.getNode().tryGetContext(name);
        if (value == null) return otherwise;
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a whole number: " + value);
        }
    }

    /**
     * {@code -c alarmEmail=ops@example.com,oncall@example.com}: addresses subscribed to the alarm topic (each confirms
     * AWS's mail once); without it the alarms reach whoever subscribes to {@code wattline-alarms} by hand.
     */
    static List<String> alarmEmails(App app) {
        Object emails = app.getNode().tryGetContext("alarmEmail");
        if (emails == null || emails.toString().isBlank()) return List.of();
        List<String> out = Arrays.stream(emails.toString().split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        for (String e : out) {
            if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) throw new IllegalArgumentException("alarmEmail: not an address: " + e);
        }
        return out;
    }

    /** {@code -c NAME=true}; {@code openReads=true} opens read routes to callers without a key (docs/SECURITY.md). */
    static boolean flag(App app, String name) {
        return "true".equalsIgnoreCase(String.valueOf(app.getNode().tryGetContext(name)));
    }
}
