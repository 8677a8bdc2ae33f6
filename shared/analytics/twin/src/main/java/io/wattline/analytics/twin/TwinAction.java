package io.wattline.analytics.twin;

import java.util.Optional;

/**
 * What an operator can ask of the twin, with the states each is allowed from ({@code spec/twin.md})
 * and the {@code detail} of the 400 otherwise.
 *
 * <table>
 *   <tr><th>action</th><th>allowed from</th><th>goes to</th></tr>
 *   <tr><td>CALIBRATE</td><td>IDLE</td><td>CALIBRATING (then MONITORING_HEALTHY, or IDLE if it fails)</td></tr>
 *   <tr><td>INJECT_FAULT</td><td>MONITORING_HEALTHY</td><td>FAULT_INJECTION</td></tr>
 *   <tr><td>RESET</td><td>FAULT_INJECTION, MONITORING_HEALTHY</td><td>MONITORING_HEALTHY</td></tr>
 *   <tr><td>STOP</td><td>MONITORING_HEALTHY, FAULT_INJECTION</td><td>IDLE (metrics reset)</td></tr>
 *   <tr><td>PURGE</td><td>any (cancels a running calibration)</td><td>IDLE, everything of the asset deleted</td></tr>
 * </table>
 */
public enum TwinAction {
    CALIBRATE, INJECT_FAULT, RESET, STOP, PURGE;

    /** The state the action leads to (CALIBRATE: the state it answers with). */
    public TwinState target() {
        return switch (this) {
            case CALIBRATE -> TwinState.CALIBRATING;
            case INJECT_FAULT -> TwinState.FAULT_INJECTION;
            case RESET -> TwinState.MONITORING_HEALTHY;
            case STOP, PURGE -> TwinState.IDLE;
        };
    }

    /** Empty when allowed from {@code state}; otherwise the 400's {@code detail}. */
    public Optional<String> refusal(TwinState state) {
        String s = "'" + state.name() + "'";
        return Optional.ofNullable(switch (this) {
            case CALIBRATE -> switch (state) {
                case IDLE -> null;
                case CALIBRATING -> "Cannot calibrate in state " + s + ". Must be IDLE. A calibration is already"
                        + " running: wait for it to complete, or call POST /system/purge to cancel it.";
                default -> "Cannot calibrate in state " + s + ". Must be IDLE. Call POST /system/stop to return"
                        + " to IDLE, or POST /system/purge for a deep reset.";
            };
            case INJECT_FAULT -> state == TwinState.MONITORING_HEALTHY ? null
                    : "Cannot inject fault in state " + s + ". Must be MONITORING_HEALTHY.";
            case RESET -> state == TwinState.FAULT_INJECTION || state == TwinState.MONITORING_HEALTHY ? null
                    : "Cannot reset in state " + s + ". Must be FAULT_INJECTION or MONITORING_HEALTHY.";
            case STOP -> switch (state) {
                case IDLE -> "System is already IDLE.";
                case CALIBRATING -> "Cannot stop during calibration. Please wait for it to complete, or call"
                        + " POST /system/purge to cancel it.";
                default -> null;
            };
            case PURGE -> null;
        });
    }

    public boolean allowedFrom(TwinState state) {
        return refusal(state).isEmpty();
    }

    /** The {@code status} of the action's response. */
    public String status() {
        return switch (this) {
            case CALIBRATE, INJECT_FAULT -> "started";
            case RESET -> "reset";
            case STOP -> "stopped";
            case PURGE -> "purged";
        };
    }

    /** The {@code message} of the action's response. */
    public String responseMessage(Fault fault) {
        return switch (this) {
            case CALIBRATE -> "Calibration started. Generating healthy data...";
            case INJECT_FAULT -> "Fault injection started (" + fault.label() + ")";
            case RESET -> "System reset to healthy monitoring.";
            case STOP -> "Session stopped. System is now IDLE.";
            case PURGE -> "All data purged: samples, models and degradation of the asset deleted. System is IDLE.";
        };
    }

    /** The state {@code message} {@code GET /system/state} shows after the action. */
    public String stateMessage(Fault fault) {
        return switch (this) {
            case CALIBRATE -> Calibrator.generatingMessage(0, MotorSimulator.CALIBRATION_SAMPLES);
            case INJECT_FAULT -> "Injecting " + fault.label() + " fault...";
            // "True Recovery" read as if the damage had healed: the degradation index keeps it (only purge clears it)
            case RESET -> "System reset: the fault is cleared, monitoring healthy operation. The degradation index keeps"
                    + " the damage done (purge clears it).";
            case STOP -> "Session stopped. Click 'Calibrate' to begin a new demo.";
            case PURGE -> "System purged. All data wiped. Click 'Calibrate' to begin fresh.";
        };
    }

    /** The state message of an asset never calibrated. */
    public static final String READY_MESSAGE = "System ready. Click 'Calibrate' to begin.";
    public static final String CANCELLED_MESSAGE = "Calibration cancelled.";

    public static String failedMessage(String reason) {
        return "Calibration failed: " + reason;
    }
}
