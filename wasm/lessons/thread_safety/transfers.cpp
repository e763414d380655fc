// The deadlock: two threads move money between accounts A and B. Each locks
// its source account, works on it for hold_ms, then locks its destination.
// Thread 1 moves A -> B and thread 2 moves B -> A, so taken in that order
// each ends up holding what the other waits for. The lesson's locks
// (lesson_lock.hpp) see the cycle and end the run instead of hanging it.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <string>

#include "core/blocking_wait.hpp"
#include "lessons/thread_safety/lesson_lock.hpp"
#include "lessons/thread_safety/thread_safety_run.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::thread_safety {

namespace {

constexpr std::int64_t kOpeningBalance = 1000;  // each account's, before the run
constexpr std::int64_t kAmount = 10;            // moved by one transfer

// The accounts: a balance per account, guarded by that account's lock in
// the LockTable (lock i guards balance i).
struct Bank {
  LockTable& locks;
  std::int64_t balance[2] = {kOpeningBalance, kOpeningBalance};
  micros hold_us = 0;
  CancelToken* cancel = nullptr;
  std::atomic<std::int64_t> transfers_completed{0};
  std::atomic<std::int64_t> retries{0};

  // With both locks held: the transfer itself.
  void move(int from, int to) {
    balance[from] -= kAmount;
    balance[to] += kAmount;
    transfers_completed.fetch_add(1, std::memory_order_relaxed);
  }
  // Looking at the source account while holding its lock, before going for
  // the other one: the time in which the other thread takes its own first lock.
  void work_on(int account) const {
    thread_sleep(hold_us, cancel, "work on " + locks.lock_name(account), "thread-safety.hold");
  }
};

// [excerpt thread-safety.deadlock]
// Source first, then destination: thread 1 takes A then B, thread 2 takes
// B then A. Each holds one lock and waits forever for the other's.
void transfer_source_first(Bank& bank, int me, int from, int to) {
  LockGuard source(bank.locks, me, from);  // @site thread-safety.wait @site thread-safety.holding
  bank.work_on(from);                      // @site thread-safety.hold
  // Deadlock: the other thread holds it and waits for ours.
  LockGuard destination(bank.locks, me, to);  // @site thread-safety.wait
  bank.move(from, to);
}
// [/excerpt]

// [excerpt thread-safety.ordered]
// One global order (A before B) for every thread, whatever the direction
// of the transfer: nobody can hold B while waiting for A, so no cycle.
void transfer_ordered(Bank& bank, int me, int from, int to) {
  const int first = std::min(from, to);
  const int second = std::max(from, to);
  LockGuard one(bank.locks, me, first);   // @site thread-safety.wait @site thread-safety.holding
  bank.work_on(first);                    // @site thread-safety.hold
  LockGuard two(bank.locks, me, second);  // @site thread-safety.wait @site thread-safety.holding
  bank.move(from, to);
}
// [/excerpt]

// [excerpt thread-safety.try-lock]
// Take the source, then only try the destination: if it is taken, let go of
// everything, back off for a random while and start again. Nobody waits while
// holding a lock, so no cycle; the price is retries.
void transfer_try_lock(Bank& bank, int me, int from, int to, std::mt19937& random) {
  std::uniform_int_distribution<micros> backoff_us(1000, std::max<micros>(1000, bank.hold_us));
  for (;;) {
    {
      LockGuard source(bank.locks, me, from);  // @site thread-safety.wait @site thread-safety.holding
      bank.work_on(from);                      // @site thread-safety.hold
      if (bank.locks.try_lock(me, to)) {
        bank.move(from, to);
        bank.locks.unlock(me, to);
        return;
      }
    }
    bank.retries.fetch_add(1, std::memory_order_relaxed);
    thread_sleep(backoff_us(random), bank.cancel, "back off", "thread-safety.backoff");
  }
}
// [/excerpt]

}  // namespace

nlohmann::json run_transfers(const RunRequest& request, RunContext& context) {
  require_threads(request);
  const std::string& mode = request.mode;
  const std::int64_t transfers = param_int(request, "transfers");
  LockTable locks(
      {.check_every_us = static_cast<micros>(param_int(request, "check_ms")) * 1000, .cancel = context.cancel});
  const int account[2] = {locks.add_lock("account A"), locks.add_lock("account B")};
  constexpr int kThreads = 2;
  for (int t = 0; t < kThreads; ++t) (void)locks.add_thread("thread " + std::to_string(t + 1));
  Bank bank{.locks = locks,
            .hold_us = scaled_delay_us(request, static_cast<double>(param_int(request, "hold_ms"))),
            .cancel = context.cancel};
  const std::int64_t total_before = bank.balance[0] + bank.balance[1];
  add_progress_total(context, transfers * kThreads);

  const Stopwatch stopwatch;
  std::atomic<bool> deadlocked{false};
  run_together(context, kThreads, [&](int me) {
    // Thread 1 moves A -> B, thread 2 moves B -> A.
    const int from = account[me];
    const int to = account[1 - me];
    std::mt19937 random(static_cast<std::mt19937::result_type>(me + 1));
    try {
      for (std::int64_t k = 0; k < transfers; ++k) {
        if (mode == "deadlock") transfer_source_first(bank, me, from, to);
        if (mode == "ordered") transfer_ordered(bank, me, from, to);
        if (mode == "try-lock") transfer_try_lock(bank, me, from, to, random);
        count_progress(context);
      }
    } catch (const DeadlockError&) {
      deadlocked.store(true, std::memory_order_relaxed);  // the run ends; the report says why
    }
  });
  const double wall_ms = stopwatch.elapsed_ms();

  nlohmann::json result = base_result(request, kThreads, wall_ms);
  result["gil"] = false;
  result["transfers_completed"] = bank.transfers_completed.load(std::memory_order_relaxed);
  result["total_before"] = total_before;
  result["total_after"] = bank.balance[0] + bank.balance[1];  // read after join: the threads are done
  result["balances"] = {{"account A", bank.balance[0]}, {"account B", bank.balance[1]}};
  result["retries"] = bank.retries.load(std::memory_order_relaxed);
  const LockStats stats = locks.stats();
  result["lock_wait_ms"] = static_cast<double>(stats.wait_us) / 1000.0;
  result["lock_waits"] = stats.waits;
  nlohmann::json deadlock = {{"detected", false}};
  if (const auto report = locks.deadlock(); report && deadlocked.load(std::memory_order_relaxed)) {
    deadlock = {{"detected", true},
                {"after_ms", static_cast<double>(report->detected_us) / 1000.0},
                {"formed_after_ms", static_cast<double>(report->formed_us) / 1000.0},
                {"cycle", report->cycle}};
  }
  result["deadlock"] = deadlock;
  return result;
}

}  // namespace playground::lessons::thread_safety
