package io.wattline.twin;

import java.time.Duration;

/**
 * Bounds of the work one invocation of the twin does.
 *
 * @param catchUpOnRead      simulated seconds a state read or an action may catch up
 * @param catchUpOnTick      simulated seconds the tick may catch up per asset
 * @param gapSeconds         a lag longer than this (nothing read or ticked, e.g. the local cloud
 *                           was down) is skipped rather than simulated: monitoring resumes now
 * @param calibrationTimeout a calibration still running after this is declared failed
 * @param tickBudget         the tick stops starting assets after this long
 */
public record TwinLimits(int catchUpOnRead, int catchUpOnTick, long gapSeconds, Duration calibrationTimeout,
                         Duration tickBudget) {
    public static final TwinLimits DEFAULT = new TwinLimits(300, 600, 3600, Duration.ofMinutes(5), Duration.ofSeconds(40));
}
