package io.wattline.cdk;

import io.wattline.config.Tables;
import io.wattline.functions.FunctionCatalog;
import io.wattline.functions.FunctionCatalog.FunctionSpec;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@link WattlineStack} is built from. The app passes the real catalogues
 * ({@link #fromCatalogues}); tests pass small ones of their own.
 *
 * @param functions    one Lambda each
 * @param routeKeys    function name to its API Gateway route keys ({@code GET /api/v1/machines/{machine_id}});
 *                     a function without an entry has no routes
 * @param jobs         one EventBridge rule each, targeting {@link Job#function()}
 * @param tables       DynamoDB table names
 * @param functionsDir where {@code <name>/target/function.jar} is found for each function
 * @param timestream   whether to create the Timestream database and table and use them for telemetry (the
 *                     functions that touch telemetry then get the adapter's layer, {@link #timestreamLayer()})
 * @param api          who may call the API and how much (open reads, CORS origins, reserved concurrency)
 * @param twinSampleRetentionDays {@code TWIN_SAMPLE_RETENTION_DAYS} of the functions that touch telemetry: days the
 *                     telemetry table keeps the twin's samples (0: for good)
 * @param readingRoutes route keys of methods other than GET that only read (the detection API, predictions): API
 *                     Gateway throttles them at the read rate, not the write rate
 */
public record StackInputs(List<FunctionSpec> functions, Map<String, List<String>> routeKeys, List<Job> jobs,
                          Tables tables, Path functionsDir, boolean timestream, ApiOptions api, int twinSampleRetentionDays,
                          Set<String> readingRoutes) {

    /**
     * The operator's choices about exposure (all off by default; docs/SECURITY.md).
     *
     * @param openReads           {@code AUTH_OPEN_READS} of every function: read routes answer without a key
     * @param corsOrigins         origins a browser may call the API from (none: no CORS headers, same-origin only)
     * @param reservedConcurrency concurrent executions reserved for (and capping) a function, by its name, {@code *} for
     *                            each function not named; none named leaves it unset (an account with the default quota
     *                            of 10 concurrent executions cannot reserve any). Reserving for detection keeps the API
     *                            migrating clients call answering while slow requests elsewhere hold executions (an HTTP
     *                            request ends at 30 s, its function runs on to its timeout)
     * @param keyRequestsPerMinute {@code KEY_REQUESTS_PER_MINUTE} of every function: the quota of a key without its own
     *                            (0: none)
     * @param readRequestsPerSecond  each reading route's steady rate at API Gateway, for all callers together (burst twice
     *                            that)
     * @param writeRequestsPerSecond each writing or computing route's (every method but GET: ingestion, detection, jobs)
     */
    public record ApiOptions(boolean openReads, List<String> corsOrigins, Map<String, Integer> reservedConcurrency,
                             int keyRequestsPerMinute, int readRequestsPerSecond, int writeRequestsPerSecond) {
        public static final int DEFAULT_READ_REQUESTS_PER_SECOND = 200, DEFAULT_WRITE_REQUESTS_PER_SECOND = 20;
        public static final ApiOptions DEFAULT = new ApiOptions(false, List.of(), 0);

        public ApiOptions(boolean openReads, List<String> corsOrigins, int reservedConcurrency) {
            this(openReads, corsOrigins, reservedConcurrency, io.wattline.config.Settings.DEFAULT_KEY_REQUESTS_PER_MINUTE);
        }

        public ApiOptions(boolean openReads, List<String> corsOrigins, int reservedConcurrency, int keyRequestsPerMinute) {
            this(openReads, corsOrigins, reservedConcurrency, keyRequestsPerMinute, DEFAULT_READ_REQUESTS_PER_SECOND,
                    DEFAULT_WRITE_REQUESTS_PER_SECOND);
        }

        /** The same reservation for every function (0: none). */
        public ApiOptions(boolean openReads, List<String> corsOrigins, int reservedConcurrency, int keyRequestsPerMinute,
                          int readRequestsPerSecond, int writeRequestsPerSecond) {
            this(openReads, corsOrigins, reservedConcurrency == 0 ? Map.of() : Map.of(ALL_FUNCTIONS, reservedConcurrency),
                    keyRequestsPerMinute, readRequestsPerSecond, writeRequestsPerSecond);
        }

        /** The key of {@link #reservedConcurrency} for each function not named. */
        public static final String ALL_FUNCTIONS = "*";

        /** The executions reserved for the function with this name, or 0 for none. */
        public int reservedFor(String function) {
            return reservedConcurrency.getOrDefault(function, reservedConcurrency.getOrDefault(ALL_FUNCTIONS, 0));
        }

        /**
         * {@code -c reservedConcurrency=}: {@code N} for each function, {@code name:N,...} for those named, or both
         * ({@code 5,detection:50}).
         */
        public static Map<String, Integer> parseReservedConcurrency(String text) {
            Map<String, Integer> out = new java.util.LinkedHashMap<>();
            if (text == null || text.isBlank()) return out;
            for (String part : text.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) continue;
                int colon = p.indexOf(':');
                String name = colon < 0 ? ALL_FUNCTIONS : p.substring(0, colon).strip();
                String n = colon < 0 ? p : p.substring(colon + 1).strip();
                try {
                    out.put(name, Integer.parseInt(n));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("reservedConcurrency: not a whole number: " + p
                            + " (N for every function, or name:N, e.g. 5,detection:50)");
                }
            }
            return out;
        }

        public ApiOptions {
            corsOrigins = List.copyOf(corsOrigins);
            reservedConcurrency = Map.copyOf(reservedConcurrency);
            if (reservedConcurrency.values().stream().anyMatch(n -> n < 0)) {
                throw new IllegalArgumentException("reservedConcurrency must be >= 0");
            }
            if (keyRequestsPerMinute < 0) throw new IllegalArgumentException("keyRequestsPerMinute must be >= 0");
            if (readRequestsPerSecond < 1) throw new IllegalArgumentException("readRequestsPerSecond must be >= 1");
            if (writeRequestsPerSecond < 1) throw new IllegalArgumentException("writeRequestsPerSecond must be >= 1");
        }
    }

    public StackInputs(List<FunctionSpec> functions, Map<String, List<String>> routeKeys, List<Job> jobs,
                       Tables tables, Path functionsDir, boolean timestream) {
        this(functions, routeKeys, jobs, tables, functionsDir, timestream, ApiOptions.DEFAULT);
    }

    public StackInputs(List<FunctionSpec> functions, Map<String, List<String>> routeKeys, List<Job> jobs,
                       Tables tables, Path functionsDir, boolean timestream, ApiOptions api) {
        this(functions, routeKeys, jobs, tables, functionsDir, timestream, api,
                io.wattline.config.Settings.DEFAULT_TWIN_SAMPLE_RETENTION_DAYS, Set.of());
    }

    public StackInputs {
        readingRoutes = Set.copyOf(readingRoutes);
        if (twinSampleRetentionDays < 0) throw new IllegalArgumentException("twinSampleRetentionDays must be >= 0");
        functions = List.copyOf(functions);
        routeKeys = Map.copyOf(routeKeys);
        jobs = List.copyOf(jobs);
        validate(functions, routeKeys, jobs);
    }

    /** The real suite: {@link FunctionCatalog}, each handler's own route table, {@link JobCatalog}. */
    public static StackInputs fromCatalogues(Path functionsDir, boolean timestream) {
        return fromCatalogues(functionsDir, timestream, ApiOptions.DEFAULT);
    }

    public static StackInputs fromCatalogues(Path functionsDir, boolean timestream, ApiOptions api) {
        return fromCatalogues(functionsDir, timestream, api, io.wattline.config.Settings.DEFAULT_TWIN_SAMPLE_RETENTION_DAYS);
    }

    public static StackInputs fromCatalogues(Path functionsDir, boolean timestream, ApiOptions api, int twinSampleRetentionDays) {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        Set<String> reading = new HashSet<>();
        for (FunctionSpec f : FunctionCatalog.all()) {
            routes.put(f.name(), HandlerRoutes.routeKeys(f));
            reading.addAll(HandlerRoutes.readingRouteKeys(f));
        }
        return new StackInputs(FunctionCatalog.all(), routes, JobCatalog.all(), Tables.DEFAULT, functionsDir, timestream, api,
                twinSampleRetentionDays, reading);
    }

    /** The jar of one function. */
    public Path jar(FunctionSpec f) {
        return functionsDir.resolve(f.name()).resolve("target").resolve("function.jar");
    }

    /**
     * The Timestream adapter's Lambda layer (a folder holding {@code java/lib/wattline-timestream.jar}), built by
     * {@code shared/aws/timestream} beside the functions: {@code ../shared/aws/timestream/target/layer} from the
     * functions' folder.
     */
    public Path timestreamLayer() {
        return functionsDir.resolve("../shared/aws/timestream/target/layer").normalize();
    }

    /** {@code functions/} of the repository holding the working directory (cdk.json lives in infra/cdk). */
    public static Path defaultFunctionsDir() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("functions")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("functions");
            }
        }
        throw new IllegalStateException("no functions/ folder above " + start + ": run from the repository, or set -c jarDir=...");
    }

    private static void validate(List<FunctionSpec> functions, Map<String, List<String>> routeKeys, List<Job> jobs) {
        Set<String> names = new HashSet<>();
        for (FunctionSpec f : functions) {
            if (!names.add(f.name())) throw new IllegalArgumentException("function '" + f.name() + "' is listed twice");
        }
        for (FunctionSpec f : functions) {
            for (String target : f.invokes()) {
                if (!names.contains(target)) {
                    throw new IllegalArgumentException("function '" + f.name() + "' invokes unknown function '" + target + "'");
                }
            }
        }
        Map<String, String> owner = new HashMap<>();
        routeKeys.forEach((fn, keys) -> {
            if (!names.contains(fn)) throw new IllegalArgumentException("routes given for unknown function '" + fn + "'");
            for (String key : keys) {
                String other = owner.putIfAbsent(key, fn);
                if (other != null) {
                    throw new IllegalArgumentException("route '" + key + "' is claimed by both '" + other + "' and '" + fn + "'");
                }
            }
        });
        for (Job job : jobs) {
            if (!names.contains(job.function())) {
                throw new IllegalArgumentException("job '" + job.id() + "' runs on unknown function '" + job.function() + "'");
            }
        }
    }
}
