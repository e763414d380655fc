#pragma once
// The `processes` server: `threads` worker processes, each with its own
// event loop and its own backlog (like a pre-forked server whose workers
// each listen with SO_REUSEPORT); request i goes to worker i mod n. Each
// worker is the coroutines server (loop_servers.cpp) on its share.
//
// Protocol (processes/protocol.hpp carries it):
//   share, parent → child:  server STEPS IO_US BACKLOG / request ID ARRIVAL_US ... / end
//   answer, child → parent: rejected ID ARRIVAL_US
//                           done ID ARRIVAL_US START_US DONE_US CPU_US
// A child's times count from when it got its share (its own clock): the
// parent places them on its run clock from the moment it sent that share,
// so durations are the child's own measurements, exact; positions are off
// by the pipe's delivery time, microseconds.
#include "processes/work.hpp"

namespace playground::lessons::server_load {

[[nodiscard]] const processes::ProcessesMode& in_processes();

}  // namespace playground::lessons::server_load
