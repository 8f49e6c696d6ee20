#include "forecast/dlm.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace collegium::forecast {

namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

// Variances outside these bounds mean nothing for a ratio to plan (a standard deviation
// of a millionth, or of a thousand times the plan), and inside them no sum of the update
// can overflow nor any 1 / Q.
constexpr double kMinVariance = 1e-12;
constexpr double kMaxVariance = 1e6;

bool in_range(double x, double low, double high) {
  return x >= low && x <= high;  // false for NaN
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
  double inv_q;     // 1 / q: one division where the update needs six
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
  k.inv_q = 1 / k.q;
  return k;
}

// The Kalman correction of a predicted component by the figure y (gain K = R[:,0] / Q).
// The variances are written as R00 V / Q and R01 V / Q rather than R - K K' Q so that
// they cannot cancel below zero; the slope's is clamped at zero for the same reason.
void correct(Component& k, double v, double y) {
  double e = y - k.forecast;
  double r00 = k.cov[0], r01 = k.cov[1], r11 = k.cov[2];
  double g0 = r00 * k.inv_q, g1 = r01 * k.inv_q;
  k.mean[0] += g0 * e;
  k.mean[1] += g1 * e;
  k.cov = {g0 * v, g1 * v, std::max(0.0, r11 - g1 * r01)};
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
    if (!in_range(r.v, kMinVariance, kMaxVariance))
      return bad(j, "v", "the observation variance must be between 1e-12 and 1e6");
    if (!in_range(r.w_level, 0, kMaxVariance))
      return bad(j, "w_level", "the level variance must be between 0 and 1e6");
    if (!in_range(r.w_slope, 0, kMaxVariance))
      return bad(j, "w_slope", "the slope variance must be between 0 and 1e6");
    if (!std::isfinite(r.prior) || r.prior <= 0 || r.prior >= 1)
      return bad(j, "prior", "the prior probability must be above 0 and below 1");
    total += r.prior;
  }
  if (std::abs(total - 1) > 1e-9)
    return invalid_argument(fmt::format("the prior probabilities sum to {} instead of 1", total),
                            "regime");
  if (!in_range(params.initial_level, -kMaxFigure, kMaxFigure))
    return invalid_argument("the initial level must be between -1e6 and 1e6", "initial_level");
  if (!in_range(params.initial_level_var, kMinVariance, kMaxVariance))
    return invalid_argument("the initial level variance must be between 1e-12 and 1e6",
                            "initial_level_var");
  if (!in_range(params.initial_slope_var, 0, kMaxVariance))
    return invalid_argument("the initial slope variance must be between 0 and 1e6",
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
  // The exponent of each component's predictive density, -e^2 / 2Q; 0 without a figure.
  std::array<std::array<double, kRegimes>, kRegimes> expo{};
  double max_a = kMinusInf;
  for (int i = 0; i < kRegimes; ++i) {
    const RegimePosterior& from = prior.regime[i];
    for (int j = 0; j < kRegimes; ++j) {
      const RegimeParams& to = params.regime[j];
      Component& c = k[i][j];
      c = predict(from, to);
      if (y) {
        double e = *y - c.forecast;
        expo[i][j] = -0.5 * e * e * c.inv_q;
        correct(c, to.v, *y);
      }
      // A regime whose probability underflowed to 0 contributes nothing.
      if (from.prob > 0) max_a = std::max(max_a, expo[i][j]);
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

  // The 16 weights p_i prior_j N(y; f, Q), less the factors common to all (1 / sqrt(2 pi)
  // and exp(max_a)), so that the largest exponential is exactly 1 and the sum cannot
  // underflow unless the probabilities themselves are tiny; then, and only then, the same
  // weights are taken through logarithms (16 logarithms cost more than the rest of the
  // update, so they are not the everyday path).
  std::array<std::array<double, kRegimes>, kRegimes> w;
  double total = 0;
  for (int i = 0; i < kRegimes; ++i) {
    double p = prior.regime[i].prob;
    for (int j = 0; j < kRegimes; ++j) {
      // Without a figure nothing is learnt: the weights are the probabilities alone.
      double density = y ? std::exp(expo[i][j] - max_a) * std::sqrt(k[i][j].inv_q) : 1;
      w[i][j] = p > 0 ? p * params.regime[j].prior * density : 0;
      total += w[i][j];
    }
  }
  if (!(total >= 1e-200)) {
    double max_log = kMinusInf;
    std::array<std::array<double, kRegimes>, kRegimes> l;
    for (int i = 0; i < kRegimes; ++i) {
      double p = prior.regime[i].prob;
      for (int j = 0; j < kRegimes; ++j) {
        double log_density = y ? expo[i][j] - 0.5 * std::log(k[i][j].q) : 0;
        l[i][j] = p > 0 ? std::log(p) + std::log(params.regime[j].prior) + log_density : kMinusInf;
        max_log = std::max(max_log, l[i][j]);
      }
    }
    total = 0;
    for (int i = 0; i < kRegimes; ++i) {
      for (int j = 0; j < kRegimes; ++j) {
        w[i][j] = l[i][j] == kMinusInf ? 0 : std::exp(l[i][j] - max_log);
        total += w[i][j];
      }
    }
  }
  // total is at least 1e-200 on the quick path and at least 1 after the logarithms (the
  // largest weight is then exactly 1), so its inverse is finite.
  const double inv_total = 1 / total;
  for (auto& row : w)
    for (double& x : row) x *= inv_total;

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
    // Divided rather than multiplied by 1 / p: p may be tiny enough for 1 / p to overflow.
    std::array<double, kRegimes> share;
    for (int i = 0; i < kRegimes; ++i) share[i] = w[i][j] / p;
    std::array<double, 2> m{0, 0};
    for (int i = 0; i < kRegimes; ++i) {
      m[0] += share[i] * k[i][j].mean[0];
      m[1] += share[i] * k[i][j].mean[1];
    }
    std::array<double, 3> c{0, 0, 0};
    for (int i = 0; i < kRegimes; ++i) {
      double a = share[i];
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
