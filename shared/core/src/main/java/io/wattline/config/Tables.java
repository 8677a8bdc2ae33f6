package io.wattline.config;

import java.util.List;

/**
 * The DynamoDB tables and their keys: one definition, used by the adapters, the local cloud (which
 * creates them) and the CDK stack (which declares them).
 *
 * <ul>
 *   <li>catalog: {@code pk} (S, entity kind) + {@code sk} (S, id): factories, departments, machines, tariffs, carbon factors;</li>
 *   <li>telemetry: {@code pk} (S, series) + {@code sk} (N, epoch millis): raw points and their roll-ups; its
 *       {@value #EXPIRES_AT} attribute (epoch seconds) is the table's time to live, set only on the twin's samples;</li>
 *   <li>state: {@code pk} (S) + {@code sk} (S): jobs, model metadata, anomalies, baselines and other state;</li>
 *   <li>keys: {@code pk} (S) + {@code sk} (S): API keys and their quota counters, in a table of their own so that a
 *       function's role can look keys up and count quotas without being able to write a key (docs/SECURITY.md).</li>
 * </ul>
 */
public record Tables(String catalog, String telemetry, String state, String keys) {
    public static final Tables DEFAULT = new Tables("wattline-catalog", "wattline-telemetry", "wattline-state", "wattline-keys");

    public Tables {
        if (keys.equals(state) || keys.equals(catalog) || keys.equals(telemetry)) {
            throw new IllegalArgumentException("TABLE_KEYS must name a table of its own, not " + keys
                    + ", which functions may write: none may write a key");
        }
    }

    /** The attribute DynamoDB deletes an item after (its time to live, epoch seconds), on the tables that have one. */
    public static final String EXPIRES_AT = "expires_at";

    /**
     * A table's key schema: partition key {@code pk} (S) and sort key {@code sk} of the given type; {@code ttlAttribute}
     * the attribute of its time to live, null for none.
     */
    public record Spec(String logicalName, String name, String sortKeyType, String ttlAttribute) {}

    public List<String> all() {
        return List.of(catalog, telemetry, state, keys);
    }

    public List<Spec> specs() {
        return List.of(new Spec("Catalog", catalog, "S", null), new Spec("Telemetry", telemetry, "N", EXPIRES_AT),
                new Spec("State", state, "S", null), new Spec("Keys", keys, "S", null));
    }
}
