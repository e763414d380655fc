#include "processes/child_process.hpp"

#include <utility>

#include "run/lesson.hpp"

#if !defined(__EMSCRIPTEN__)

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <utility>

#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace playground {

namespace {

std::string errno_text() { return std::strerror(errno); }

void close_fd(int& fd) noexcept {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Both ends close on exec: a child inherits only the ends dup2'ed onto its
// stdin/stdout, never the pipes of its siblings (which would keep their
// stdin open and their reads from ever seeing end-of-file).
void make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) throw RunError("cannot create a pipe: " + errno_text());
}

// Writing to a pipe whose reader is gone raises SIGPIPE, which would end the
// whole program. Block it on this thread for one write, and swallow the
// signal if the write raised it; the write itself then fails with EPIPE.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlocked() {
    if (raised_) {
      const timespec no_wait{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &no_wait) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  void note_raised() { raised_ = true; }

 private:
  sigset_t pipe_{};
  sigset_t old_{};
  bool raised_ = false;
};

}  // namespace

ChildProcess ChildProcess::spawn(const std::string& program, const std::vector<std::string>& args,
                                 const std::vector<std::string>& extra_env) {
  int to_child[2];
  int from_child[2];
  make_pipe(to_child);
  try {
    make_pipe(from_child);
  } catch (...) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    throw;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);

  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) envp.push_back(*entry);
  for (const std::string& entry : extra_env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  const int failed = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  // Our copies of the child's ends: only the child may hold them now.
  ::close(to_child[0]);
  ::close(from_child[1]);
  if (failed != 0) {
    ::close(to_child[1]);
    ::close(from_child[0]);
    throw RunError("cannot start process " + program + ": " + std::strerror(failed));
  }

  ChildProcess child;
  child.pid_ = pid;
  child.stdin_fd_ = to_child[1];
  child.stdout_fd_ = from_child[0];
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept { *this = std::move(other); }

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    release();
    pid_ = std::exchange(other.pid_, -1);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    reaped_ = std::exchange(other.reaped_, false);
    status_ = other.status_;
    output_ = std::move(other.output_);
  }
  return *this;
}

ChildProcess::~ChildProcess() { release(); }

void ChildProcess::release() noexcept {
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  reaped_ = false;
}

void ChildProcess::write_all(std::string_view data) {
  SigpipeBlocked guard;
  while (!data.empty()) {
    const ssize_t written = ::write(stdin_fd_, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) guard.note_raised();
      throw RunError("cannot write to process " + std::to_string(pid_) + ": " + errno_text());
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

void ChildProcess::close_stdin() { close_fd(stdin_fd_); }

bool ChildProcess::read_available() {
  if (stdout_fd_ < 0) return false;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(stdout_fd_, buffer, sizeof buffer);
    if (got > 0) {
      output_.append(buffer, static_cast<std::size_t>(got));
      return true;
    }
    if (got == 0) {
      close_fd(stdout_fd_);
      return false;
    }
    if (errno != EINTR) throw RunError("cannot read from process " + std::to_string(pid_) + ": " + errno_text());
  }
}

int ChildProcess::wait() {
  if (pid_ <= 0) return -1;
  if (!reaped_) {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
      if (errno != EINTR) throw RunError("cannot wait for process " + std::to_string(pid_) + ": " + errno_text());
    }
    reaped_ = true;
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  return status_;
}

void ChildProcess::kill() {
  if (pid_ > 0 && !reaped_) ::kill(pid_, SIGKILL);
}

std::string current_executable() {
  std::string path(4096, '\0');
  const ssize_t length = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (length <= 0) throw RunError("cannot find this program's executable (/proc/self/exe): " + errno_text());
  path.resize(static_cast<std::size_t>(length));
  return path;
}

}  // namespace playground

#else  // __EMSCRIPTEN__: there are no processes to start; see the JS engine API's workers.

namespace playground {

namespace {
[[noreturn]] void no_processes() {
  throw RunError("this build cannot start processes: in WebAssembly they run as Web Workers, from JavaScript");
}
}  // namespace

ChildProcess ChildProcess::spawn(const std::string&, const std::vector<std::string>&, const std::vector<std::string>&) {
  no_processes();
}
ChildProcess::ChildProcess(ChildProcess&& other) noexcept { *this = std::move(other); }
ChildProcess& ChildProcess::operator=(ChildProcess&&) noexcept { return *this; }
ChildProcess::~ChildProcess() = default;
void ChildProcess::release() noexcept {}
void ChildProcess::write_all(std::string_view) { no_processes(); }
void ChildProcess::close_stdin() {}
bool ChildProcess::read_available() { return false; }
int ChildProcess::wait() { return -1; }
void ChildProcess::kill() {}
std::string current_executable() { no_processes(); }

}  // namespace playground

#endif
