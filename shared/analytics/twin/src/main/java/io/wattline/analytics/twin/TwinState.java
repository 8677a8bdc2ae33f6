package io.wattline.analytics.twin;

/** The life cycle of an asset's twin. */
public enum TwinState {
    IDLE, CALIBRATING, MONITORING_HEALTHY, FAULT_INJECTION
}
