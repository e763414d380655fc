#pragma once
// A child process with pipes to its standard input and from its standard
// output: the native half of the `processes` mode (POSIX only; the
// WebAssembly builds run workers as Web Workers instead, from JavaScript).
//
// Nothing is shared with the child but those two pipes: whatever it needs
// has to be written into one, whatever it computes read out of the other.
#include <string>
#include <string_view>
#include <vector>

namespace playground {

class ChildProcess {
 public:
  // No process (a slot to move a spawned one into).
  ChildProcess() = default;

  // Starts `program` with `args` (args[0] is the name the child sees), its
  // stdin and stdout connected to fresh pipes, stderr shared with us, and
  // this process's environment plus `extra_env` ("NAME=value" entries).
  // Throws RunError naming the program when it cannot be started.
  static ChildProcess spawn(const std::string& program, const std::vector<std::string>& args,
                            const std::vector<std::string>& extra_env = {});

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // A child still running is killed, and every child is reaped: no zombies.
  ~ChildProcess();

  // Writes all of `data` to the child's stdin, blocking while the pipe is
  // full. A child that exited early is a RunError, not a SIGPIPE.
  void write_all(std::string_view data);
  // Closes the child's stdin: it reads end-of-file after what was written.
  void close_stdin();

  // The child's stdout, for poll(); -1 once end-of-file was read.
  [[nodiscard]] int stdout_fd() const { return stdout_fd_; }
  // Reads what the pipe holds now (call when poll() says it is readable)
  // and appends it to output(). Returns false at end-of-file.
  bool read_available();
  // Everything read from the child's stdout so far.
  [[nodiscard]] const std::string& output() const { return output_; }

  // Waits for the child to exit; returns its exit status (128 + signal
  // number when a signal ended it).
  int wait();
  // Ends the child at once (SIGKILL); wait() still reaps it.
  void kill();

  [[nodiscard]] int pid() const { return pid_; }

 private:
  void release() noexcept;

  int pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string output_;
};

// The path of the running executable (/proc/self/exe, resolved), so that a
// program can start copies of itself. Throws RunError where unavailable.
[[nodiscard]] std::string current_executable();

}  // namespace playground
