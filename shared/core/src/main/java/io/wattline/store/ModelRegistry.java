package io.wattline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wattline.domain.DomainException;
import io.wattline.http.Json;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The versions of trained models (baselines, forecasts, anomaly models), one definition for every function that
 * trains: each artefact is a blob in the {@link ArtifactStore} (S3), and its metadata, version number and the
 * active pointer live in one {@link StateStore} document per (model type, scope), so that numbering a new version
 * and activating it is one conditional write. A cold function loads the active artefact; it never retrains.
 *
 * <p>A scope is what the model is of, usually a machine id. The newest {@link #KEPT_VERSIONS} versions are kept;
 * an older one leaves the document and its artefact is deleted (the document must stay well under DynamoDB's
 * 400 KB item limit).
 */
public final class ModelRegistry {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelRegistry.class);
    public static final int KEPT_VERSIONS = 50;
    private static final int WRITE_ATTEMPTS = 8;

    /**
     * One trained version. {@code metadata} is the trainer's own (metrics, features, parameters), stored as given;
     * {@code artifactKey}/{@code artifactVersionId} locate the artefact.
     */
    public record ModelVersion(String type, String scope, int version, Instant trainedAt, String artifactKey,
                               String artifactVersionId, Object metadata) {
        /** The metadata as the trainer's record. */
        public <T> T metadata(Class<T> type) {
            try {
                return Json.SNAKE.fromTree(metadata, type);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IllegalStateException("model metadata of " + this.type + "/" + scope + " v" + version
                        + " is not a " + type.getSimpleName(), e);
            }
        }
    }

    /** The stored document of one (type, scope): its versions, newest first, and the active one (0: none). */
    record Entry(int active, List<ModelVersion> versions) {}

    private final StateStore state;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public ModelRegistry(StateStore state, ArtifactStore artifacts, Clock clock) {
        this.state = state;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /**
     * The OpenAPI description of the 409 a route that registers a version answers: {@link #register} lost its write to
     * other trainings of the same model {@value #WRITE_ATTEMPTS} times (its message names the model and the machine).
     */
    public static final String CONFLICT = "Conflict: other trainings registered versions at the same time and this one "
            + "lost every retry (detail: \"" + conflict("<model type>", "<machine id>") + "\")";

    /** The message of that 409. */
    static String conflict(String type, String scope) {
        return "Too many concurrent trainings of " + type + " for " + scope + "; try again";
    }

    /**
     * Stores a newly trained model as the next version of (type, scope) and, if {@code activate}, makes it active.
     * The artefact is written first under a key of its own, so concurrent trainings each get their own version.
     */
    public ModelVersion register(String type, String scope, byte[] artefact, Object metadata, boolean activate) {
        return register(type, scope, artefact, metadata, current -> activate);
    }

    /**
     * As {@link #register(String, String, byte[], Object, boolean)}, made active if {@code activateOver} holds of the
     * version active when the new one is written (none before the first): decided on the same read the write is
     * conditioned on, so a training that raced another decides against the version that is really there.
     */
    public ModelVersion register(String type, String scope, byte[] artefact, Object metadata,
                                 java.util.function.Predicate<Optional<ModelVersion>> activateOver) {
        String key = prefix(type, scope) + UUID.randomUUID();
        String versionId = artifacts.put(key, artefact, Map.of("model-type", type, "scope", scope));
        Object meta = Json.SNAKE.toTree(metadata);
        try {
            return register(type, scope, key, versionId, meta, activateOver);
        } catch (RuntimeException notRegistered) {
            // no version names the artefact: deleted, not left in the bucket (20 concurrent trainings left 7 behind);
            // unless a write whose answer was lost (a timeout) did register it: then it is the version's artefact
            try {
                boolean named = state.get(kind(type), scope).map(ModelRegistry::entry).stream()
                        .flatMap(e -> e.versions().stream()).anyMatch(v -> v.artifactKey().equals(key));
                if (!named) artifacts.deleteAll(key);
            } catch (RuntimeException e) {
                notRegistered.addSuppressed(e);
                LOG.warn("the artefact {} of a {} training of {} that was not registered is left behind: {}", key, type, scope,
                        e.getMessage());
            }
            throw notRegistered;
        }
    }

    private ModelVersion register(String type, String scope, String key, String versionId, Object meta,
                                  java.util.function.Predicate<Optional<ModelVersion>> activateOver) {
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) pause(attempt); // concurrent trainings of one model: spread out, not in step
            Optional<StateStore.Doc> doc = state.get(kind(type), scope);
            // stamped after reading the versions it follows: a retry after another training won is later than it
            Instant now = clock.instant();
            Entry entry = doc.map(ModelRegistry::entry).orElse(new Entry(0, List.of()));
            int number = entry.versions().stream().mapToInt(ModelVersion::version).max().orElse(0) + 1;
            ModelVersion created = new ModelVersion(type, scope, number, now, key, versionId, meta);
            Optional<ModelVersion> current = entry.versions().stream().filter(v -> v.version() == entry.active()).findFirst();
            int active = entry.active() == 0 || activateOver.test(current) ? number : entry.active();
            List<ModelVersion> versions = new ArrayList<>(), dropped = new ArrayList<>();
            int room = KEPT_VERSIONS - 1; // one place is the active version's
            for (ModelVersion v : concat(created, entry.versions())) {
                if (v.version() == active) versions.add(v);
                else if (room-- > 0) versions.add(v);
                else dropped.add(v);
            }
            try {
                state.put(kind(type), scope, Json.write(Json.SNAKE, new Entry(active, versions)),
                        doc.map(StateStore.Doc::version).orElse(0L));
                // the version is registered: an old artefact that could not be deleted is left behind, not a failure
                for (ModelVersion v : dropped) {
                    try {
                        artifacts.deleteAll(v.artifactKey());
                    } catch (RuntimeException e) {
                        LOG.warn("the artefact of dropped {} v{} of {} is left behind: {}", type, v.version(), scope, e.getMessage());
                    }
                }
                return created;
            } catch (StateStore.StaleVersionException e) {
                if (attempt + 1 >= WRITE_ATTEMPTS) throw new DomainException.Conflict(conflict(type, scope));
            }
        }
    }

    /** Jitter of retries; SecureRandom: instances restored from one SnapStart snapshot must not pause in step. */
    private static final java.security.SecureRandom JITTER = new java.security.SecureRandom();

    /** A random pause before another attempt, growing with the attempts (up to about 0.8 s). */
    private static void pause(int attempt) {
        try {
            Thread.sleep(1 + Math.floorMod(JITTER.nextLong(), 25L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException.Unavailable("interrupted while registering a model; try again");
        }
    }

    private static List<ModelVersion> concat(ModelVersion first, List<ModelVersion> rest) {
        List<ModelVersion> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** The active version of (type, scope), if one was trained. */
    public Optional<ModelVersion> active(String type, String scope) {
        return state.get(kind(type), scope).map(ModelRegistry::entry)
                .flatMap(e -> e.versions().stream().filter(v -> v.version() == e.active()).findFirst());
    }

    /** Every kept version of (type, scope), newest first. */
    public List<ModelVersion> versions(String type, String scope) {
        return kept(type, scope).versions();
    }

    /** The kept versions of (type, scope), newest first, and the number of the active one (0: none), in one read. */
    public record Kept(int active, List<ModelVersion> versions) {
        public boolean isActive(ModelVersion v) {
            return v.version() == active;
        }
    }

    public Kept kept(String type, String scope) {
        return state.get(kind(type), scope).map(ModelRegistry::entry).map(e -> new Kept(e.active(), e.versions()))
                .orElse(new Kept(0, List.of()));
    }

    /** The version number that is active for (type, scope), 0 if none. */
    public int activeVersion(String type, String scope) {
        return kept(type, scope).active();
    }

    /** The active version of every scope of the type, in scope order. */
    public List<ModelVersion> activeOfType(String type) {
        return activeOfType(state, type);
    }

    /** The same from the metadata alone, for readers that list models and never load an artefact (health). */
    public static List<ModelVersion> activeOfType(StateStore state, String type) {
        List<ModelVersion> out = new ArrayList<>();
        for (StateStore.Doc d : state.list(kind(type))) {
            Entry e = entry(d);
            e.versions().stream().filter(v -> v.version() == e.active()).findFirst().ifPresent(out::add);
        }
        out.sort(Comparator.comparing(ModelVersion::scope));
        return out;
    }

    /** Makes a kept version the active one. */
    public ModelVersion activate(String type, String scope, int version) {
        for (int attempt = 0; ; attempt++) {
            StateStore.Doc doc = state.get(kind(type), scope).orElseThrow(() ->
                    new DomainException.NotFound("No " + type + " model for " + scope));
            Entry entry = entry(doc);
            ModelVersion target = entry.versions().stream().filter(v -> v.version() == version).findFirst()
                    .orElseThrow(() -> new DomainException.NotFound("No version " + version + " of the " + type
                            + " model for " + scope));
            try {
                state.put(kind(type), scope, Json.write(Json.SNAKE, new Entry(version, entry.versions())), doc.version());
                return target;
            } catch (StateStore.StaleVersionException e) {
                if (attempt + 1 >= WRITE_ATTEMPTS) throw new DomainException.Conflict(
                        "The " + type + " model for " + scope + " is changing; try again");
            }
        }
    }

    /** The artefact of a version; unavailable (not absent) if its blob is gone, since the metadata says it exists. */
    public byte[] artefact(ModelVersion v) {
        return artifacts.get(v.artifactKey(), v.artifactVersionId()).orElseThrow(() -> new DomainException.Unavailable(
                "The artefact of " + v.type() + " model v" + v.version() + " for " + v.scope() + " is missing"));
    }

    /** Removes every version and artefact of (type, scope); true if there was a model. */
    public boolean delete(String type, String scope) {
        artifacts.deleteAll(prefix(type, scope));
        return state.delete(kind(type), scope);
    }

    /** Where the artefacts of (type, scope) live: the S3 location responses report as a model's path. */
    public static String prefix(String type, String scope) {
        return "models/" + type + "/" + scope + "/";
    }

    private static String kind(String type) {
        return "model/" + type;
    }

    private static Entry entry(StateStore.Doc doc) {
        try {
            return Json.SNAKE.readValue(doc.json(), Entry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable model document " + doc.kind() + "/" + doc.id(), e);
        }
    }
}
