package io.wattline.analytics.baseline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalancePointsTest {

    /** A boiler that heats below 16 °C and an air conditioner that cools above 21 °C, with occupancy and noise. */
    private static double[][] building(int n, long seed, double heatBase, double coolBase, double[] y, double[] outdoor) {
        Random r = new Random(seed);
        double[][] occupied = new double[n][1];
        for (int i = 0; i < n; i++) {
            int hour = i % 24;
            outdoor[i] = 14 + 9 * Math.sin(2 * Math.PI * (hour - 9) / 24) + 6 * Math.sin(2 * Math.PI * i / (24 * 9.0)) + r.nextGaussian();
            occupied[i][0] = hour >= 6 && hour < 22 ? 1 : 0;
            y[i] = 5 + 12 * occupied[i][0] + 2.5 * Math.max(0, heatBase - outdoor[i]) + 3 * Math.max(0, outdoor[i] - coolBase)
                    + 0.5 * r.nextGaussian();
        }
        return occupied;
    }

    @Test
    void findsTheBasesTheBuildingHeatsAndCoolsFrom() {
        int n = 24 * 30;
        double[] y = new double[n], outdoor = new double[n];
        double[][] occupied = building(n, 7, 16, 21, y, outdoor);
        BalancePoints.Bases b = BalancePoints.fit(outdoor, occupied, y, BaselineTrainer.trainingSize(n), true, true);
        assertEquals(16, b.heatingC(), 0.01, b.toString());
        assertEquals(21, b.coolingC(), 0.01, b.toString());
    }

    @Test
    void theFittedBasesBeatTheFixedOneOnHeldOutData() {
        int n = 24 * 30;
        double[] y = new double[n], outdoor = new double[n];
        double[][] occupied = building(n, 11, 15, 22, y, outdoor);
        BalancePoints.Bases b = BalancePoints.fit(outdoor, occupied, y, BaselineTrainer.trainingSize(n), true, true);
        List<String> drivers = List.of("occupied", "heating_degrees", "cooling_degrees");
        double fixed = fitAt(drivers, occupied, outdoor, y, BalancePoints.Bases.DEFAULT).heldOut().rmse();
        double fitted = fitAt(drivers, occupied, outdoor, y, b).heldOut().rmse();
        assertTrue(fitted < 0.6 * fixed, "held-out RMSE fitted " + fitted + " vs fixed 18 °C " + fixed);
    }

    @Test
    void heatingOnlyLeavesTheCoolingBaseAtTheDefault() {
        int n = 24 * 30;
        double[] y = new double[n], outdoor = new double[n];
        double[][] occupied = building(n, 3, 17, 99, y, outdoor);
        BalancePoints.Bases b = BalancePoints.fit(outdoor, occupied, y, BaselineTrainer.trainingSize(n), true, false);
        assertEquals(17, b.heatingC(), 0.01);
        assertEquals(BalancePoints.DEFAULT_C, b.coolingC());
        assertEquals(BalancePoints.Bases.DEFAULT, BalancePoints.fit(outdoor, occupied, y, n - 100, false, false));
    }

    @Test
    void whereEveryDayIsColderThanEveryBaseTheUsualBaseIsKept() {
        int n = 24 * 20;
        Random r = new Random(5);
        double[] y = new double[n], outdoor = new double[n];
        for (int i = 0; i < n; i++) {
            outdoor[i] = 2 + 5 * Math.sin(i / 11.0);
            y[i] = 4 + 1.5 * (18 - outdoor[i]) + 0.3 * r.nextGaussian();
        }
        // below every base, heating degrees at any base are the same line: nothing to choose, and no cooling seen
        assertEquals(BalancePoints.Bases.DEFAULT, BalancePoints.fit(outdoor, new double[n][0], y, BaselineTrainer.trainingSize(n), true, true));
    }

    private static BaselineFit fitAt(List<String> drivers, double[][] occupied, double[] outdoor, double[] y, BalancePoints.Bases b) {
        double[][] x = new double[y.length][3];
        for (int i = 0; i < y.length; i++) {
            x[i][0] = occupied[i][0];
            x[i][1] = BalancePoints.heatingDegrees(outdoor[i], b.heatingC());
            x[i][2] = BalancePoints.coolingDegrees(outdoor[i], b.coolingC());
        }
        return BaselineTrainer.fit(drivers, x, y, BaselineModel.Granularity.HOURLY,
                Map.of("heating_degrees", b.heatingC(), "cooling_degrees", b.coolingC()));
    }
}
