"""Reference seasonal ARIMAs for ./wattline bench forecast, fitted by statsmodels.

Reads a CSV of hourly training values (one per line), fits one of two seasonal ARIMAs by maximum likelihood,
forecasts STEPS hours and writes "mean,lower,upper" lines (95 % interval):
  daily   SARIMA(1,1,1)(0,1,1)_24, the "airline" form with a daily season;
  weekly  SARIMA(1,0,1)(0,1,0)_168: the week-on-week differences as an ARMA(1,1) (a seasonal naive forecast
          corrected by the recent weeks' differences); fitted on the differenced series, which keeps the state
          small (the full 168-lag state takes minutes per series), and integrated back with the observed week.
Usage: python3 sarima_reference.py daily|weekly TRAIN.csv STEPS OUT.csv   (STEPS <= 168 for weekly)
"""
import sys
import warnings

import numpy as np
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.filterwarnings("ignore")
kind, train, steps, out_path = sys.argv[1], np.loadtxt(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
if kind == "daily":
    fit = SARIMAX(train, order=(1, 1, 1), seasonal_order=(0, 1, 1, 24)).fit(disp=False, maxiter=200)
    forecast = fit.get_forecast(steps)
    mean, ci = forecast.predicted_mean, forecast.conf_int(alpha=0.05)
elif kind == "weekly":
    if steps > 168:
        sys.exit("weekly: at most 168 steps")
    diff = train[168:] - train[:-168]
    fit = SARIMAX(diff, order=(1, 0, 1), trend="c").fit(disp=False, maxiter=200)
    forecast = fit.get_forecast(steps)
    last_week = train[len(train) - 168:len(train) - 168 + steps]
    mean = forecast.predicted_mean + last_week
    ci = forecast.conf_int(alpha=0.05) + last_week[:, None]
else:
    sys.exit("daily or weekly, not " + kind)
with open(out_path, "w") as out:
    for m, (lo, hi) in zip(mean, ci):
        out.write(f"{m!r},{lo!r},{hi!r}\n")
