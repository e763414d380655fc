#include "lessons/thread_safety/thread_safety.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "lessons/thread_safety/thread_safety_run.hpp"

namespace playground::lessons::thread_safety {

namespace {

const std::vector<std::string> kCounterModes = {"unsafe", "gil", "lock", "atomic", "local-then-merge", "coroutines"};
const std::vector<std::string> kTransferModes = {"deadlock", "ordered", "try-lock"};

std::vector<std::string> all_modes() {
  std::vector<std::string> modes = kCounterModes;
  modes.insert(modes.end(), kTransferModes.begin(), kTransferModes.end());
  return modes;
}

class ThreadSafetyLesson final : public Lesson {
 public:
  ThreadSafetyLesson() : Lesson("thread-safety", all_modes()) {}

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    RunOutcome outcome;
    const bool transfers =
        std::find(kTransferModes.begin(), kTransferModes.end(), request.mode) != kTransferModes.end();
    outcome.result = transfers ? run_transfers(request, context) : run_counter(request, context);
    return outcome;
  }
};

}  // namespace

const Lesson& lesson() {
  static const ThreadSafetyLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::thread_safety
