package io.wattline.testing;

import java.util.Map;

/**
 * The one place the LocalStack image of the Testcontainers tests is chosen (LocalStackStoreTest in
 * infra/local, TimestreamLocalStackTest in functions/data).
 *
 * <p>Since 2026-03-23 LocalStack publishes one image, {@code localstack/localstack}, whose releases
 * (calendar-versioned from 2026.03.0) start only with {@code LOCALSTACK_AUTH_TOKEN} set; without it the
 * container exits with code 55 (license activation failed; microcks/microcks#2008), so an unpinned or new tag turns a
 * machine with Docker and no token into a failing test run. Sources:
 * <ul>
 *   <li>LocalStack's changelog (github.com/localstack/localstack-docs, src/content/docs/aws/changelog.md):
 *       v4.14.0 (2026-02-26) is the last semantically versioned release; calendar versions follow,
 *       v2026.03 on 2026-03-23 and v2026.04 on 2026-04-30, in the {@code YYYY.MM.patch} format.</li>
 *   <li>The LocalStack team, in PlaytikaOSS/testcontainers-spring-boot#2872 (2026-03-17): tags after
 *       4.14.0 require the token; testcontainers/testcontainers-dotnet#1667 (2026-03-19, after LocalStack
 *       contacted them) enforces the token from 4.15 on.</li>
 *   <li>quickwit-oss/quickwit#6303 (2026-04-14), among others, pinned {@code localstack/localstack:4.14.0}
 *       to get its CI running again without a token after the 2026-04-06 grace period ended.</li>
 * </ul>
 * So without a token the tests run the free community build {@link #COMMUNITY} (DynamoDB and S3 are in
 * it; Timestream is not); with a token they run the current unified image {@link #WITH_TOKEN} and pass
 * the token to the container.
 */
public final class LocalStackImage {
    /** The environment variable LocalStack reads its auth token from. */
    public static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
    /** The last community release, which starts without a token. */
    public static final String COMMUNITY = "localstack/localstack:4.14.0";
    /**
     * A release of the unified image (April 2026; tag in the changelog's {@code YYYY.MM.patch} format):
     * starts only with {@link #TOKEN_VARIABLE}; what it serves (Timestream among it) depends on the
     * token's plan.
     */
    public static final String WITH_TOKEN = "localstack/localstack:2026.04.0";

    private LocalStackImage() {}

    /** The auth token from the environment, or null where it is unset or blank. */
    public static String token() {
        return token(System.getenv(TOKEN_VARIABLE));
    }

    static String token(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The image to start for this token (null: none). */
    public static String image(String token) {
        return token(token) == null ? COMMUNITY : WITH_TOKEN;
    }

    /** The container environment for this token: the token itself where there is one. */
    public static Map<String, String> environment(String token) {
        return token(token) == null ? Map.of() : Map.of(TOKEN_VARIABLE, token);
    }
}
