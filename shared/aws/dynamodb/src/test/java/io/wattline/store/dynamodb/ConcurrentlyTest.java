package io.wattline.store.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrentlyTest {

    @Test
    void answersInTheInputsOrderWithAtMostSoManyAtOnce() {
        AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
        List<Integer> inputs = IntStream.range(0, 200).boxed().toList();
        List<Integer> out = Concurrently.map(inputs, 4, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            running.decrementAndGet();
            return i * i;
        });
        assertEquals(inputs.stream().map(i -> i * i).toList(), out);
        assertTrue(most.get() > 1 && most.get() <= 4, "at most 4 at once, and side by side: " + most.get());
    }

    @Test
    void everyInputRunsAndTheFirstFailureIsThrownAsItWas() {
        AtomicInteger ran = new AtomicInteger();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Concurrently.map(
                IntStream.range(0, 50).boxed().toList(), 8, i -> {
                    ran.incrementAndGet();
                    if (i == 7 || i == 30) throw new IllegalArgumentException("failed at " + i);
                    return i;
                }));
        assertEquals("failed at 7", e.getMessage());
        assertEquals(50, ran.get(), "the others still ran (no write left half sent)");
    }

    @Test
    void eachGivesTheValuesOfTheInputsThatSucceededBesideTheFirstFailure() {
        Concurrently.Results<Integer> r = Concurrently.each(IntStream.range(0, 20).boxed().toList(), 5, i -> {
            if (i % 7 == 3) throw new IllegalStateException("failed at " + i);
            return -i;
        });
        assertEquals("failed at 3", r.failure().getMessage());
        for (int i = 0; i < 20; i++) assertEquals(i % 7 == 3 ? null : -i, r.values().get(i), "input " + i);
        Concurrently.Results<Integer> one = Concurrently.each(List.of(4), 5, i -> {
            throw new IllegalArgumentException("alone");
        });
        assertEquals(java.util.Arrays.asList((Integer) null), one.values());
        assertThrows(IllegalArgumentException.class, one::orThrow);
    }
}
