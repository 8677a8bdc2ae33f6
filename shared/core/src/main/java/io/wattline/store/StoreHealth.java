package io.wattline.store;

/** A store that can say whether it is reachable, for {@code /api/v1/health}. */
public interface StoreHealth {
    record Check(String name, boolean ok, String detail, long latencyMs) {}

    Check check();
}
