package io.wattline.anomaly;

import io.wattline.analytics.baseline.Accuracy;
import io.wattline.analytics.baseline.BaselineFit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the anomaly function stores beside a baseline's artefact in the {@link io.wattline.store.ModelRegistry}:
 * its id (the seed's {@code model_id}), what it was trained on, and the fit's evidence; the degree drivers'
 * balance points (°C) it counts heating and cooling from; the highest energy of a bucket it was trained on (kWh; null
 * in metadata stored before it was kept), which with the machine's rated power bounds what it predicts.
 */
public record BaselineMeta(String id, UUID machineId, List<String> drivers, String granularity, Instant trainStart,
                    Instant trainEnd, int trainingSamples, Accuracy heldOut, Accuracy inSample,
                    Map<String, Double> coefficients, Map<String, Double> featureImportance,
                    Map<String, Double> driverPValues, double fTestPValue, boolean g14Pass,
                    BaselineFit.EnpiValidity enpi, String explanation, Map<String, Double> balancePointsC,
                    Double highestEnergyKwh) {
    public BaselineMeta {
        balancePointsC = balancePointsC == null ? Map.of() : balancePointsC; // metadata stored before balance points
    }

    static BaselineMeta of(UUID machineId, BaselineFit fit, Instant start, Instant end, String machineName,
                           double highestEnergyKwh) {
        return new BaselineMeta(UUID.randomUUID().toString(), machineId, fit.model().drivers(),
                fit.model().granularity().label(), start, end, fit.trainingSamples(), fit.heldOut(), fit.inSample(),
                fit.coefficients(), fit.featureImportance(), fit.driverPValues(), fit.fTestPValue(), fit.g14Pass(),
                fit.enpi(), fit.explanation(machineName), fit.model().balancePointsC(), highestEnergyKwh);
    }
}
