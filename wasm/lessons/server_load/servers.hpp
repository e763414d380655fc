#pragma once
// The server models, each a way to arrange the same requests (request_shape)
// taken from the same accept queue (accept_queue). Every function returns
// once every request has been served or rejected, and rethrows Cancelled.
#include "lessons/server_load/accept_queue.hpp"
#include "lessons/server_load/request_shape.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::server_load {

// Serves request `id` start to end on the calling thread: parse, database, render.
void serve_on_thread(AcceptQueue& queue, const RequestShape& shape, int id, CancelToken* cancel);

// sync: the run's own thread serves one request at a time.
void run_sync(AcceptQueue& queue, const RequestShape& shape, RunContext& context);

// What the thread modes report besides their requests.
struct ThreadServerInfo {
  int servers = 0;              // threads that could serve at once
  int peak_live = 0;            // thread-per-request: most threads alive at once
  std::uint64_t cap_waits = 0;  // thread-per-request: requests that waited for a thread to finish
  std::string cap_note;         // thread-per-request: the cap, said to the reader when it mattered
};

// threads: a pool of request.threads workers, each taking requests in turn
// (with request.gil, CPU parts hold the simulated GIL).
[[nodiscard]] ThreadServerInfo run_thread_pool(AcceptQueue& queue, const RequestShape& shape, const RunRequest& request,
                                               RunContext& context);

// thread-per-request: an acceptor starts a thread for each request, at most
// request.threads alive at once.
[[nodiscard]] ThreadServerInfo run_thread_per_request(AcceptQueue& queue, const RequestShape& shape,
                                                      const RunRequest& request, RunContext& context);

// coroutines: one event loop; the acceptor spawns a task per request; the
// database wait is awaited, the CPU parts run on the loop's thread.
void run_coroutines(AcceptQueue& queue, const RequestShape& shape, RunContext& context);

// coroutines-pool: as coroutines, but the CPU parts go to a pool of
// request.threads threads (run_in_executor). Returns the pool's size.
[[nodiscard]] int run_coroutines_with_pool(AcceptQueue& queue, const RequestShape& shape, const RunRequest& request,
                                           RunContext& context);

}  // namespace playground::lessons::server_load
