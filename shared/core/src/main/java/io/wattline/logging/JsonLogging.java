package io.wattline.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The suite's logs: SLF4J, bound to the JDK's own logging (slf4j-jdk14), written as one JSON object per line to
 * stdout, with the invocation's fields ({@link #withFields}) and any SLF4J MDC entries. Chosen over Log4j with
 * Powertools' layout for the cold start: that cost 450-740 ms before a function's first log line, this a few
 * milliseconds (docs/BENCHMARKS.md, "What each cold-start change bought").
 * Levels: {@code io.wattline} at {@code LOG_LEVEL} (INFO unless set), every other JUL logger at WARN, the local
 * cloud's S3 server (S3Proxy, Jetty) and SQLite driver at ERROR. DynamoDB Local logs through its own Log4j
 * (infra/local's log4j2.xml).
 */
public final class JsonLogging {
    /** JUL holds loggers weakly: a logger whose level was set must be held, or the level is lost with it. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();
    /**
     * The running invocation's fields. Not SLF4J's MDC: the JDK binding's MDC is inheritable, so a thread first
     * started during an invocation would carry that invocation's request id in every line it ever logs.
     */
    private static final ThreadLocal<Map<String, Object>> FIELDS = new ThreadLocal<>();
    private static boolean installed;

    private JsonLogging() {}

    /** Replaces the JDK's default console handler by the JSON one; once per JVM, later calls do nothing. */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        root.addHandler(new StdoutHandler());
        root.setLevel(Level.WARNING);
        CONFIGURED.add(root);
        configure("io.wattline", level(System.getenv("LOG_LEVEL")));
        for (String quiet : List.of("org.gaul", "org.eclipse.jetty", "com.almworks")) configure(quiet, Level.SEVERE);
    }

    private static void configure(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }

    /**
     * Runs {@code work} with these fields in every line it logs on this thread (a Boolean or Number stays one in
     * the JSON); the fields of an enclosing call come back afterwards.
     */
    public static <T> T withFields(Map<String, Object> fields, Supplier<T> work) {
        Map<String, Object> outer = FIELDS.get();
        FIELDS.set(fields);
        try {
            return work.get();
        } finally {
            if (outer == null) FIELDS.remove(); else FIELDS.set(outer);
        }
    }

    /** SLF4J's level names (as LOG_LEVEL takes them) to JUL's; INFO when unset or unknown. */
    static Level level(String name) {
        if (name == null) return Level.INFO;
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "ERROR", "FATAL" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "DEBUG" -> Level.FINE;
            case "TRACE", "ALL" -> Level.FINEST;
            case "OFF" -> Level.OFF;
            default -> Level.INFO;
        };
    }

    /** JUL's level, as SLF4J named it at the call (slf4j-jdk14 maps error/warn/info/debug/trace to these). */
    static String slf4jName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return "ERROR";
        if (v >= Level.WARNING.intValue()) return "WARN";
        if (v >= Level.INFO.intValue()) return "INFO";
        if (v >= Level.FINE.intValue()) return "DEBUG";
        return "TRACE";
    }

    /** Writes each record to stdout at once (Lambda ships every stdout line to CloudWatch); never closes stdout. */
    static final class StdoutHandler extends Handler {
        StdoutHandler() {
            setFormatter(new JsonLineFormatter());
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) return;
            String line = getFormatter().format(record);
            synchronized (System.out) {
                System.out.print(line);
                System.out.flush();
            }
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * One line of JSON: timestamp (UTC, milliseconds), level, logger, message, the invocation's fields, SLF4J MDC
     * entries, and for an error its type, message and stack trace.
     */
    public static final class JsonLineFormatter extends Formatter {
        private static final JsonFactory JSON = new JsonFactory();
        private static final DateTimeFormatter TIMESTAMP =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord record) {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("timestamp", TIMESTAMP.format(record.getInstant()));
                g.writeStringField("level", slf4jName(record.getLevel()));
                g.writeStringField("logger", record.getLoggerName());
                g.writeStringField("message", formatMessage(record));
                Map<String, Object> fields = new TreeMap<>();
                Map<String, String> mdc = MDC.getCopyOfContextMap();
                if (mdc != null) fields.putAll(mdc);
                Map<String, Object> invocation = FIELDS.get();
                if (invocation != null) fields.putAll(invocation);
                for (Map.Entry<String, Object> e : fields.entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof Boolean b) g.writeBooleanField(e.getKey(), b);
                    else if (v instanceof Integer i) g.writeNumberField(e.getKey(), i);
                    else if (v instanceof Long l) g.writeNumberField(e.getKey(), l);
                    else if (v != null) g.writeStringField(e.getKey(), v.toString());
                }
                Throwable error = record.getThrown();
                if (error != null) {
                    g.writeStringField("error_type", error.getClass().getName());
                    g.writeStringField("error_message", String.valueOf(error.getMessage()));
                    StringWriter trace = new StringWriter();
                    error.printStackTrace(new PrintWriter(trace));
                    g.writeStringField("stack_trace", trace.toString());
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.append('\n').toString();
        }
    }
}
