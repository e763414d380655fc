#include "processes/child_process.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>

#include "run/lesson.hpp"

namespace playground {
namespace {

// Reads everything the child writes until it closes its stdout.
void read_to_end(ChildProcess& child) {
  while (child.stdout_fd() >= 0) {
    pollfd fd{.fd = child.stdout_fd(), .events = POLLIN, .revents = 0};
    ASSERT_GT(::poll(&fd, 1, 5000), 0) << "child silent for 5 s";
    child.read_available();
  }
}

TEST(ChildProcess, data_written_in_comes_back_out_through_the_pipes) {
  ChildProcess child = ChildProcess::spawn("/bin/sh", {"sh", "-c", "cat; echo done"});
  child.write_all("hello\n");
  child.close_stdin();  // cat sees end-of-file
  read_to_end(child);
  EXPECT_EQ(child.output(), "hello\ndone\n");
  EXPECT_EQ(child.wait(), 0);
}

TEST(ChildProcess, more_than_a_pipe_buffer_goes_through_when_the_child_reads_first) {
  // The worker protocol's order: the child reads all its input, then writes.
  ChildProcess child = ChildProcess::spawn("/bin/sh", {"sh", "-c", "wc -c"});
  child.write_all(std::string(300'000, 'x'));  // about 5 pipe buffers
  child.close_stdin();
  read_to_end(child);
  EXPECT_EQ(std::stoi(child.output()), 300'000);
}

TEST(ChildProcess, the_exit_status_is_reported) {
  ChildProcess child = ChildProcess::spawn("/bin/sh", {"sh", "-c", "exit 3"});
  child.close_stdin();
  read_to_end(child);
  EXPECT_EQ(child.wait(), 3);
}

TEST(ChildProcess, the_environment_gets_the_extra_entries) {
  ChildProcess child = ChildProcess::spawn("/bin/sh", {"sh", "-c", "echo \"$PLAYGROUND_TEST_VALUE\""},
                                           {"PLAYGROUND_TEST_VALUE=forty two"});
  child.close_stdin();
  read_to_end(child);
  EXPECT_EQ(child.output(), "forty two\n");
}

TEST(ChildProcess, writing_to_a_child_that_exited_is_a_run_error_not_sigpipe) {
  ChildProcess child = ChildProcess::spawn("/bin/sh", {"sh", "-c", "exec 0<&-; exit 0"});
  read_to_end(child);
  EXPECT_EQ(child.wait(), 0);
  EXPECT_THROW(child.write_all(std::string(1 << 20, 'x')), RunError);
}

TEST(ChildProcess, a_missing_program_is_a_run_error_naming_it) {
  try {
    (void)ChildProcess::spawn("/no/such/program", {"nothing"});
    // posix_spawn may report a failed exec as a child exiting with 127.
  } catch (const RunError& error) {
    EXPECT_NE(std::string(error.what()).find("/no/such/program"), std::string::npos);
  }
}

TEST(ChildProcess, destroying_a_running_child_kills_and_reaps_it) {
  int pid = -1;
  {
    ChildProcess child = ChildProcess::spawn("/bin/sleep", {"sleep", "30"});
    pid = child.pid();
    EXPECT_GT(pid, 0);
  }
  // Reaped: the pid no longer names a child of ours (no zombie left).
  errno = 0;
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(ChildProcess, current_executable_is_an_absolute_path) {
  const std::string path = current_executable();
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(path.front(), '/');
}

}  // namespace
}  // namespace playground
