package io.wattline.config;

import java.util.function.Supplier;

/**
 * A thread-safe memoising supplier: how functions wire their adapters, so a client is built on the first
 * request that needs it (cold start pays only for the services a request touches).
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    public static <T> Lazy<T> of(Supplier<T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) value = factory.get();
                v = value;
            }
        }
        return v;
    }
}
