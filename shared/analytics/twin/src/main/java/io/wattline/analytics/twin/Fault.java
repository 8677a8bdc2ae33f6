package io.wattline.analytics.twin;

import java.io.Serializable;
import java.util.Objects;

/** An injected fault: its type and severity. */
public record Fault(FaultType type, Severity severity) implements Serializable {
    public Fault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
    }

    /** "SEVERE JITTER", as the state messages put it. */
    public String label() {
        return severity + " " + type;
    }
}
