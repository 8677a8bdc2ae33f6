package io.wattline.analytics.twin;

import java.io.Serializable;

/**
 * One reading of the motor: voltage (V), current (A), power factor and vibration (g). Time is not
 * part of the sample: a batch is 100 consecutive samples at 10 ms spacing, and whoever stores them
 * stamps them.
 */
public record Sample(double voltage, double current, double powerFactor, double vibration) implements Serializable {
    /** The four signals, in the order every feature vector uses. */
    public enum Signal {
        VOLTAGE("voltage_v"), CURRENT("current_a"), POWER_FACTOR("power_factor"), VIBRATION("vibration_g");

        private final String key;

        Signal(String key) {
            this.key = key;
        }

        /** The field name in stored samples and feature names. */
        public String key() {
            return key;
        }
    }

    public double get(Signal signal) {
        return switch (signal) {
            case VOLTAGE -> voltage;
            case CURRENT -> current;
            case POWER_FACTOR -> powerFactor;
            case VIBRATION -> vibration;
        };
    }
}
