package io.wattline.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Independent requests sent side by side: each waits on the network, so a virtual thread each, at most so many at once. */
final class Concurrently {
    private Concurrently() {}

    /**
     * What each input gave ({@code values}, in the inputs' order, null where it failed) and the first failure in input
     * order (null if none): a caller can finish the work of the inputs that succeeded before it reports the failure.
     */
    record Results<R>(List<R> values, RuntimeException failure) {
        /** The values, or the first failure thrown as it was thrown. */
        List<R> orThrow() {
            if (failure != null) throw failure;
            return values;
        }
    }

    /** {@code f} of every input (a single input on the caller's thread); every input runs even if another fails. */
    static <T, R> Results<R> each(List<T> inputs, int atOnce, Function<T, R> f) {
        List<R> values = new ArrayList<>(inputs.size());
        RuntimeException failure = null;
        if (inputs.size() <= 1) {
            for (T input : inputs) {
                try {
                    values.add(f.apply(input));
                } catch (RuntimeException e) {
                    values.add(null);
                    failure = e;
                }
            }
            return new Results<>(values, failure);
        }
        Semaphore slots = new Semaphore(atOnce);
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T input : inputs) {
                futures.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return f.apply(input);
                    } finally {
                        slots.release();
                    }
                }));
            }
        } // close() waits for every task
        for (Future<R> fu : futures) {
            try {
                values.add(fu.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing", e);
            } catch (ExecutionException e) {
                values.add(null);
                if (failure == null) {
                    if (e.getCause() instanceof Error err) throw err;
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        return new Results<>(values, failure);
    }

    /** {@code f} of every input, in the inputs' order; every input runs, then the first failure is thrown as it was. */
    static <T, R> List<R> map(List<T> inputs, int atOnce, Function<T, R> f) {
        return each(inputs, atOnce, f).orThrow();
    }
}
