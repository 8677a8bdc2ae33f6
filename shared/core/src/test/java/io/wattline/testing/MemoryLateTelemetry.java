package io.wattline.testing;

import io.wattline.store.LateTelemetry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Late machine-days in memory, for function tests (the DynamoDB adapter is tested over DynamoDB Local). */
public final class MemoryLateTelemetry implements LateTelemetry {
    private final Map<String, Pending> waiting = new TreeMap<>();

    @Override
    public synchronized void note(UUID machineId, Collection<LocalDate> days) {
        for (LocalDate d : days) waiting.put(machineId + "#" + d, new Pending(machineId, d, UUID.randomUUID().toString()));
    }

    @Override
    public synchronized List<Pending> pending(int limit) {
        return new ArrayList<>(waiting.values()).subList(0, Math.min(limit, waiting.size()));
    }

    private final Map<Pending, Integer> attempts = new java.util.HashMap<>();

    @Override
    public synchronized boolean judged(Pending day) {
        return waiting.remove(day.machineId() + "#" + day.day(), day);
    }

    @Override
    public synchronized boolean failed(Pending day) {
        if (!day.equals(waiting.get(day.machineId() + "#" + day.day()))) return false;
        return attempts.merge(day, 1, Integer::sum) >= ATTEMPTS && judged(day);
    }
}
