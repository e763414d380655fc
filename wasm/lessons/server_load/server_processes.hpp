#pragma once
// The `processes` server: `threads` worker processes, each with its own
// event loop and its own backlog (like a pre-forked server whose workers
// each listen with SO_REUSEPORT); request i goes to worker i mod n. Each
// worker is the coroutines server (loop_servers.cpp) on its share.
//
// Protocol (processes/protocol.hpp carries it):
//   share, parent → child:  server STEPS IO_US BACKLOG STEPS_PER_MS / request ID ARRIVAL_US ... / end
//   answer, child → parent: ran ID FROM_US TO_US          (its loop ran the request's task: a CPU part)
//                           waited ID FROM_US TO_US WHAT  (it waited: "database")
//                           rejected ID ARRIVAL_US
//                           done ID ARRIVAL_US START_US DONE_US CPU_US
// A request's last "ran" comes after its "done" (its loop's step ends after
// the request is done). A child's
// times count from when it got its share (its own clock): the parent places
// them on its run clock from the moment it sent that share, so durations are
// the child's own measurements, exact; positions are off by the share's
// delivery time (microseconds through a pipe, about a millisecond between
// Web Workers). The child's lane shows what its loop did: its CPU parts
// running, its requests' database waits (overlapping, one per request
// waiting), nothing while it had nothing to do.
#include "processes/work.hpp"

namespace playground::lessons::server_load {

[[nodiscard]] const processes::ProcessesMode& in_processes();

}  // namespace playground::lessons::server_load
