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
     * {@code f} of every input, in the inputs' order (a single input on the caller's thread). All of them run even if one
     * fails; then the first failure (in input order) is thrown as it was thrown.
     */
    static <T, R> List<R> map(List<T> inputs, int atOnce, Function<T, R> f) {
        if (inputs.size() <= 1) return inputs.stream().map(f).toList();
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
        List<R> out = new ArrayList<>(inputs.size());
        for (Future<R> fu : futures) {
            try {
                out.add(fu.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }
        return out;
    }
}
