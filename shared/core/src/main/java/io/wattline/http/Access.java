package io.wattline.http;

/**
 * Who may call a route. Each route of a {@link Router} has one; {@link Authenticator} enforces it before
 * the handler runs, so no handler checks credentials itself.
 */
public enum Access {
    /** Anyone: service info and health (which shows its details only to a caller with a key). */
    PUBLIC,
    /** A key of either scope, or nobody when the operator opened read routes ({@code AUTH_OPEN_READS}). */
    READ,
    /** A key of either scope, always: the answer belongs to the key (detection baselines and usage). */
    KEYED_READ,
    /** A key with the write scope: ingestion, job triggers, purges, model changes. */
    WRITE;

    /** The default for a method: GET and HEAD read; everything else writes. */
    public static Access forMethod(String method) {
        return method.equals("GET") || method.equals("HEAD") ? READ : WRITE;
    }
}
