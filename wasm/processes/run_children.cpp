// run_in_child_processes: the native way to give the parent driver its
// children, as Python's multiprocessing does it: each child is this very
// program, started again (processes/protocol.hpp), and everything between
// parent and child goes through two pipes.
#include "processes/parent.hpp"

#if !defined(__EMSCRIPTEN__)

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "core/cancel_token.hpp"
#include "core/thread_lane.hpp"
#include "processes/child_process.hpp"
#include "processes/protocol.hpp"

namespace playground::processes {

namespace {

// Wakes a poll() when the run is cancelled: the token writes a byte here.
class CancelPipe {
 public:
  CancelPipe() {
    if (::pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) throw RunError("cannot create a pipe for cancellation");
  }
  ~CancelPipe() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  CancelPipe(const CancelPipe&) = delete;
  CancelPipe& operator=(const CancelPipe&) = delete;
  void signal() const noexcept { [[maybe_unused]] const auto n = ::write(fds_[1], "x", 1); }
  [[nodiscard]] int read_fd() const { return fds_[0]; }

 private:
  int fds_[2] = {-1, -1};
};

}  // namespace

RunOutcome run_in_child_processes(const Lesson& lesson, const RunRequest& request, RunContext& context) {
  // The lanes keep their span's site as a string_view: the sites are declared
  // before the lanes so that they outlive them (a temporary here was freed
  // while the lane still pointed at it: ASan's heap-use-after-free).
  std::string spawn_site;
  std::string wait_site;
  std::string collect_site;
  ThreadLane main_lane(context.trace, context.trace ? context.trace->add_lane("main", LaneKind::thread) : 0);
  ProcessesParent parent(lesson, request, context);
  const std::string site(parent.site());
  spawn_site = site + ".spawn";
  wait_site = site + ".wait";
  collect_site = site + ".collect";
  const std::string program = current_executable();
  std::vector<ChildProcess> children(parent.size());
  std::vector<std::size_t> read(parent.size(), 0);  // bytes of each child's output handed on
  std::vector<bool> sent(parent.size(), false);
  {
    LaneState starting(SpanState::starting, "start " + std::to_string(parent.size()) + " processes", spawn_site);
    for (std::size_t k = 0; k < children.size(); ++k) {
      parent.spawned(k);
      children[k] = ChildProcess::spawn(program, {"playground-child"}, {std::string(kChildEnvVar) + "=1"});
    }
  }
  // Each child gets its share once it says it is ready (so that start-up
  // and copying are timed apart); what it answers is handed on as it comes.
  {
    LaneState waiting(SpanState::idle, "wait for the processes", wait_site);
    CancelPipe wake;
    CancelRegistration on_cancel(context.cancel, [&wake] { wake.signal(); });
    for (;;) {
      std::vector<pollfd> fds{{wake.read_fd(), POLLIN, 0}};
      std::vector<std::size_t> owners;
      for (std::size_t k = 0; k < children.size(); ++k) {
        if (children[k].stdout_fd() < 0) continue;
        fds.push_back({children[k].stdout_fd(), POLLIN, 0});
        owners.push_back(k);
      }
      if (owners.empty()) break;
      if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) throw RunError("poll failed");
      if (context.cancel != nullptr) context.cancel->throw_if_cancelled();  // ~ChildProcess kills and reaps
      for (std::size_t i = 0; i < owners.size(); ++i) {
        if (fds[i + 1].revents == 0) continue;
        const std::size_t k = owners[i];
        ChildProcess& child = children[k];
        const bool open = child.read_available();
        parent.output(k, std::string_view(child.output()).substr(read[k]));
        read[k] = child.output().size();
        if (!sent[k] && parent.has_said_ready(k)) {
          child.write_all(parent.request(k));
          child.close_stdin();
          parent.sent(k);
          sent[k] = true;
        }
        if (!open) parent.closed(k, child.wait());
      }
    }
  }
  main_lane.set(SpanState::running, "collect the results", collect_site);
  return parent.finish();
}

}  // namespace playground::processes

#else

namespace playground::processes {

RunOutcome run_in_child_processes(const Lesson&, const RunRequest&, RunContext&) {
  throw RunError(
      "mode processes runs as Web Workers from JavaScript in the WebAssembly builds (the engine API starts them); "
      "the engine itself cannot start processes here");
}

}  // namespace playground::processes

#endif
