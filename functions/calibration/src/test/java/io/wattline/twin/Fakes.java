package io.wattline.twin;

import io.wattline.jobs.TaskSubmitter;
import io.wattline.testing.MemoryStateStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the twin's tests need beyond the core's in-memory ports (io.wattline.testing). */
final class Fakes {
    private Fakes() {}

    /** The core's state store, keeping the message of every twin record written (the calibration's progress). */
    static class States extends MemoryStateStore {
        final List<String> writtenMessages = new CopyOnWriteArrayList<>();
        /** While set, every write of a twin record finds another version: another request won each race. */
        volatile boolean losingEveryRace;

        @Override
        public synchronized long put(String kind, String id, String json, long expectedVersion) {
            if (losingEveryRace && kind.equals(TwinRecord.KIND)) throw new io.wattline.store.StateStore.StaleVersionException(kind, id, expectedVersion);
            long version = super.put(kind, id, json, expectedVersion);
            writtenMessages.add(TwinRecord.fromJson(json).message());
            return version;
        }
    }

    /** Keeps the submitted tasks; the test runs them when it wants (an asynchronous invocation). */
    static final class Tasks implements TaskSubmitter {
        record Task(String function, String task, Map<String, Object> payload) {}

        final List<Task> submitted = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void submit(String function, String task, Map<String, Object> payload) {
            if (failing) throw new IllegalStateException("invoke failed");
            submitted.add(new Task(function, task, Map.copyOf(payload)));
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
