#pragma once
// The M/M/c queue (Erlang's formula): Poisson arrivals at rate λ, c servers,
// exponentially distributed service of mean S. The standard model of a
// server under load: how long a request waits in the queue before a server
// is free, and the load (λ = c / S) where that wait grows without bound.
// Its service times are exponential where this lesson's are fixed, so it
// overstates the wait (for one server, fixed service waits half as long);
// the knee, where the wait takes off, is the same.
namespace playground::lessons::server_load {

struct MmcPrediction {
  double utilisation = 0;       // ρ = λS / c: each server's busy share
  bool stable = false;          // ρ < 1: otherwise the queue grows for as long as requests come
  double wait_probability = 0;  // Erlang C: an arrival finds every server busy
  double mean_wait_ms = 0;      // Wq, mean time in the queue (infinite when not stable)
};

// λ = rate_per_s, S = service_ms, c = servers (>= 1).
[[nodiscard]] MmcPrediction mmc_prediction(double rate_per_s, double service_ms, int servers);

}  // namespace playground::lessons::server_load
