#include "forecast/dlm.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace collegium::forecast {

namespace {

constexpr double kLog2Pi = 1.8378770664093454836;  // log(2 pi)
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

bool finite_at_least(double x, double floor) {
  return std::isfinite(x) && x >= floor;
}

// One of the 16 Kalman updates: the posterior of regime i at t-1 carried through regime j
// at t. The prediction is a = G m, R = G C G' + W_j with G = [[1, 1], [0, 1]] and
// W_j = [[W_level + W_slope, W_slope], [W_slope, W_slope]] (the slope's jump also moves
// the level, because level_t adds slope_t).
struct Component {
  std::array<double, 2> mean;
  std::array<double, 3> cov;
  double forecast;  // a[0]: the predicted figure
  double q;         // its predictive variance R[0][0] + V_j
  double log_weight;
};

Component predict(const RegimePosterior& from, const RegimeParams& to) {
  const auto& m = from.mean;
  const auto& c = from.cov;  // {ll, ls, ss}
  Component k;
  k.mean = {m[0] + m[1], m[1]};
  double r00 = c[0] + 2 * c[1] + c[2] + to.w_level + to.w_slope;
  double r01 = c[1] + c[2] + to.w_slope;
  double r11 = c[2] + to.w_slope;
  k.cov = {r00, r01, r11};
  k.forecast = k.mean[0];
  k.q = r00 + to.v;
  k.log_weight = 0;
  return k;
}

// The Kalman correction of a predicted component by the figure y (gain K = R[:,0] / Q).
// The variances are written as R00 V / Q and R01 V / Q rather than R - K K' Q so that
// they cannot cancel below zero; the slope's is clamped at zero for the same reason.
void correct(Component& k, double v, double y) {
  double e = y - k.forecast;
  double r00 = k.cov[0], r01 = k.cov[1], r11 = k.cov[2];
  k.mean[0] += r00 / k.q * e;
  k.mean[1] += r01 / k.q * e;
  k.cov = {r00 * v / k.q, r01 * v / k.q, std::max(0.0, r11 - r01 * r01 / k.q)};
}

}  // namespace

std::string_view regime_name(Regime regime) {
  switch (regime) {
    case Regime::kSteady:
      return "steady";
    case Regime::kStep:
      return "step";
    case Regime::kSlope:
      return "slope";
    case Regime::kOutlier:
      return "outlier";
  }
  return "unknown";
}

Status validate(const Params& params) {
  // The path names are built only on failure: observe() validates on every call.
  auto bad = [](int j, const char* field, const char* message) {
    return invalid_argument(
        message, fmt::format("regime/{}/{}", regime_name(static_cast<Regime>(j)), field));
  };
  double total = 0;
  for (int j = 0; j < kRegimes; ++j) {
    const RegimeParams& r = params.regime[j];
    if (!std::isfinite(r.v) || r.v <= 0)
      return bad(j, "v", "the observation variance must be a finite number above 0");
    if (!finite_at_least(r.w_level, 0))
      return bad(j, "w_level", "the level variance must be a finite number at or above 0");
    if (!finite_at_least(r.w_slope, 0))
      return bad(j, "w_slope", "the slope variance must be a finite number at or above 0");
    if (!std::isfinite(r.prior) || r.prior <= 0 || r.prior >= 1)
      return bad(j, "prior", "the prior probability must be above 0 and below 1");
    total += r.prior;
  }
  if (std::abs(total - 1) > 1e-9)
    return invalid_argument(fmt::format("the prior probabilities sum to {} instead of 1", total),
                            "regime");
  if (!std::isfinite(params.initial_level))
    return invalid_argument("the initial level must be a finite number", "initial_level");
  if (!std::isfinite(params.initial_level_var) || params.initial_level_var <= 0)
    return invalid_argument("the initial level variance must be a finite number above 0",
                            "initial_level_var");
  if (!finite_at_least(params.initial_slope_var, 0))
    return invalid_argument("the initial slope variance must be a finite number at or above 0",
                            "initial_slope_var");
  return Status();
}

Mixture initial_mixture(const Params& params) {
  Mixture m;
  for (int j = 0; j < kRegimes; ++j) {
    m.regime[j].mean = {params.initial_level, 0};
    m.regime[j].cov = {params.initial_level_var, 0, params.initial_slope_var};
    m.regime[j].prob = params.regime[j].prior;
  }
  return m;
}

Update update(const Params& params, const Mixture& prior, std::optional<double> y) {
  std::array<std::array<Component, kRegimes>, kRegimes> k;  // [i at t-1][j at t]
  double max_log = kMinusInf;
  for (int i = 0; i < kRegimes; ++i) {
    const RegimePosterior& from = prior.regime[i];
    // A regime whose probability underflowed to 0 contributes nothing (log 0 would be
    // -infinity and poison the sums below).
    double log_from = from.prob > 0 ? std::log(from.prob) : kMinusInf;
    for (int j = 0; j < kRegimes; ++j) {
      const RegimeParams& to = params.regime[j];
      Component& c = k[i][j];
      c = predict(from, to);
      c.log_weight = log_from + std::log(to.prior);
      if (y && from.prob > 0) {
        double e = *y - c.forecast;
        c.log_weight += -0.5 * (kLog2Pi + std::log(c.q) + e * e / c.q);
        correct(c, to.v, *y);
      }
      max_log = std::max(max_log, c.log_weight);
    }
  }

  Update u;

  // The forecast before y: the predictive mixture with weights p_i * prior_j.
  double mean = 0;
  for (int i = 0; i < kRegimes; ++i) mean += prior.regime[i].prob * k[i][0].forecast;
  double var = 0;
  for (int i = 0; i < kRegimes; ++i) {
    double d = k[i][0].forecast - mean;
    for (int j = 0; j < kRegimes; ++j)
      var += prior.regime[i].prob * params.regime[j].prior * (k[i][j].q + d * d);
  }
  u.forecast_mean = mean;
  u.forecast_sd = std::sqrt(var);

  // Normalise the 16 weights (subtracting the largest log first, so that at least one
  // weight is exactly 1 before dividing and the sum cannot underflow to zero).
  std::array<std::array<double, kRegimes>, kRegimes> w;
  double total = 0;
  for (int i = 0; i < kRegimes; ++i) {
    for (int j = 0; j < kRegimes; ++j) {
      w[i][j] = k[i][j].log_weight == kMinusInf ? 0 : std::exp(k[i][j].log_weight - max_log);
      total += w[i][j];
    }
  }
  for (auto& row : w)
    for (double& x : row) x /= total;

  for (int i = 0; i < kRegimes; ++i) {
    double p = 0;
    for (int j = 0; j < kRegimes; ++j) p += w[i][j];
    u.previous_probability[i] = std::min(p, 1.0);  // a sum of rounded shares can pass 1
  }

  // Collapse by the regime at t: match the mixture's mean and covariance.
  int likeliest_before = 0;
  for (int i = 1; i < kRegimes; ++i)
    if (prior.regime[i].prob > prior.regime[likeliest_before].prob) likeliest_before = i;
  for (int j = 0; j < kRegimes; ++j) {
    RegimePosterior& out = u.posterior.regime[j];
    double p = 0;
    for (int i = 0; i < kRegimes; ++i) p += w[i][j];
    out.prob = std::min(p, 1.0);
    if (p == 0) {
      // Every path into regime j underflowed: its probability is 0 and its Gaussian is
      // never weighed, but it must still be a finite one; take the likeliest path's.
      out.mean = k[likeliest_before][j].mean;
      out.cov = k[likeliest_before][j].cov;
      continue;
    }
    std::array<double, 2> m{0, 0};
    for (int i = 0; i < kRegimes; ++i) {
      double a = w[i][j] / p;
      m[0] += a * k[i][j].mean[0];
      m[1] += a * k[i][j].mean[1];
    }
    std::array<double, 3> c{0, 0, 0};
    for (int i = 0; i < kRegimes; ++i) {
      double a = w[i][j] / p;
      double d0 = k[i][j].mean[0] - m[0], d1 = k[i][j].mean[1] - m[1];
      c[0] += a * (k[i][j].cov[0] + d0 * d0);
      c[1] += a * (k[i][j].cov[1] + d0 * d1);
      c[2] += a * (k[i][j].cov[2] + d1 * d1);
    }
    out.mean = m;
    out.cov = c;
  }
  for (int j = 0; j < kRegimes; ++j) u.probability[j] = u.posterior.regime[j].prob;
  return u;
}

}  // namespace collegium::forecast
