#include "core/event_loop.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace playground {

namespace detail {

void schedule(TaskState& state, coro::coroutine_handle<> handle) { state.loop->schedule(state, handle); }

void root_finished(TaskState& state, std::exception_ptr error) noexcept {
  state.loop->root_finished(state, std::move(error));
}

void CancellableWait::wake() noexcept {
  state_->waiting = nullptr;
  // push may allocate when the ring grows; failing here would lose a task.
  state_->loop->schedule(*state_, handle_);
}

void CancellableWait::end(SpanState span_state, std::string_view label, std::string_view site) {
  if (suspended_) {
    suspended_ = false;
    if (TraceRecorder* trace = state_->loop->trace()) {
      trace->record(state_->lane, span_state, started_, trace->now(), state_->span_label(label), site);
    }
  }
  record_wake_edge();
  if (cancelled_) {
    cancelled_ = false;
    state_->cancel_requested = false;  // delivered: cancellation is one-shot, like asyncio's
    throw Cancelled();
  }
}

void CancellableWait::record_wake_edge() {
  if (state_ == nullptr) return;  // never suspended (ready at once): nothing woke it
  TraceRecorder* trace = state_->loop->trace();
  if (trace == nullptr) return;
  // The causal edge of the wake-up: the cancellation, or what woken_by() noted.
  const EdgeEnd here{state_->lane, trace->now()};
  if (cancelled_ && state_->cancelled_from.traced()) {
    trace->record_edge(Edge{EdgeKind::cancel, std::exchange(state_->cancelled_from, {}), here, "cancel"});
  } else if (!cancelled_ && woken_from_.traced()) {
    trace->record_edge(Edge{woken_kind_, std::exchange(woken_from_, {}), here, std::move(woken_label_)});
  }
}

bool JoinAwaiter::await_ready() noexcept {
  remaining_ = 0;
  bool any_done = false;
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    const TaskState* t = targets_[i];
    if (!t->done) {
      ++remaining_;
    } else if (until_ == Until::any || t->error) {
      if (!any_done) winner_ = i;
      any_done = true;
      if (until_ == Until::all_or_failure) return true;  // the first failure, in argument order
    }
  }
  return until_ == Until::any ? any_done : remaining_ == 0;
}

void JoinAwaiter::on_finished(TaskState& target, std::size_t index) noexcept {
  if (fired_) return;
  if (until_ == Until::all_or_failure && --remaining_ > 0 && !target.error) return;
  fired_ = true;
  winner_ = index;
  if (TraceRecorder* trace = state_->loop->trace(); trace != nullptr && trace->records_edges()) {
    woken_by(EdgeKind::join, EdgeEnd{target.lane, trace->now()}, target.name + " finished");
  }
  wake();
}

void JoinAwaiter::unlink() noexcept {
  if (!linked_) return;
  linked_ = false;
  for (TaskState* t : targets_) {
    auto& js = t->joiners;
    js.erase(std::remove_if(js.begin(), js.end(), [this](const TaskState::Joiner& j) { return j.awaiter == this; }),
             js.end());
  }
}

std::size_t JoinAwaiter::await_resume() {
  unlink();
  if (cancellable_ && state_ != nullptr) {
    end(SpanState::idle, "join", "loop.join");
  } else if (state_ != nullptr) {
    record_wake_edge();
  }
  return winner_;
}

}  // namespace detail

EventLoop::EventLoop(event_loop_options options)
    : clock_(options.clock), trace_(options.trace), token_(options.cancel) {
  if (clock_ == nullptr) throw std::invalid_argument("EventLoop: options.clock must not be null");
  if (token_ != nullptr) cancel_registration_.emplace(token_, [this] { wake_for_cancel(); });
}

EventLoop::~EventLoop() {
  cancel_registration_.reset();  // after this, the token never calls us again
  {
    // A poster notifies while holding the mutex, so once we hold it no poster
    // is still touching this loop.
    std::lock_guard lock(post_mutex_);
    posts_.clear();
  }
  ready_.clear();
  for (detail::TimerNode* t : timers_) t->heap_index = static_cast<std::size_t>(-1);
  timers_.clear();
  // Unfinished tasks: their frames go now, while the loop they point into exists.
  auto live = std::move(live_);
  for (auto& task : live) {
    coro::coroutine_handle<> frame = std::exchange(task->frame, {});
    task->done = true;
    task->cancelled = true;
    task->error = std::make_exception_ptr(Cancelled());
    task->joiners.clear();
    if (frame) frame.destroy();
  }
  finished_.clear();
}

std::shared_ptr<detail::TaskState> EventLoop::start(coro::coroutine_handle<> frame, std::string name,
                                                    std::string_view lane_pool) {
  auto state = std::make_shared<detail::TaskState>();
  state->loop = this;
  state->frame = frame;
  state->name = name.empty() ? "task " + std::to_string(stats_.spawned + 1) : std::move(name);
  if (trace_ && !lane_pool.empty()) {
    auto pool = lane_pools_.find(lane_pool);
    if (pool == lane_pools_.end()) {
      pool = lane_pools_.emplace(std::string(lane_pool), detail::LanePool{.name = std::string(lane_pool)}).first;
    }
    state->lane_pool = &pool->second;
  } else if (trace_) {
    state->lane = trace_->add_lane(state->name, LaneKind::task);
  }
  state->live_index = live_.size();
  live_.push_back(state);
  ++stats_.spawned;
  schedule(*state, frame);
  return state;
}

void EventLoop::take_pooled_lane(detail::TaskState& task) {
  detail::LanePool& pool = *task.lane_pool;
  const auto free = std::find(pool.held.begin(), pool.held.end(), false);
  const auto slot = static_cast<std::size_t>(free - pool.held.begin());
  if (free == pool.held.end()) {
    pool.lanes.push_back(trace_->add_lane(pool.name + " " + std::to_string(slot + 1), LaneKind::task));
    pool.held.push_back(true);
  } else {
    *free = true;
  }
  task.lane = pool.lanes[slot];
  task.pool_slot = slot;
}

void EventLoop::root_finished(detail::TaskState& task, std::exception_ptr error) noexcept {
  task.done = true;
  // Its lane is free for the next task: the loop records this task's last
  // running span before it resumes another.
  if (task.lane_pool != nullptr && task.lane >= 0) task.lane_pool->held[task.pool_slot] = false;
  task.waiting = nullptr;
  if (error) {
    try {
      std::rethrow_exception(error);
    } catch (const Cancelled&) {
      task.cancelled = true;
    } catch (...) {
      ++stats_.failed;
    }
  }
  task.error = std::move(error);
  ++stats_.finished;
  auto joiners = std::move(task.joiners);
  task.joiners.clear();
  for (const auto& j : joiners) j.awaiter->on_finished(task, j.index);
  // Swap-remove from the live list; the state is freed after this resume
  // returns (never while its frame is still inside final_suspend).
  const std::size_t i = task.live_index;
  finished_.push_back(std::move(live_[i]));
  if (i + 1 != live_.size()) {
    live_[i] = std::move(live_.back());
    live_[i]->live_index = i;
  }
  live_.pop_back();
}

void EventLoop::cancel(detail::TaskState& task) {
  if (task.done) return;
  task.cancel_requested = true;
  if (trace_ != nullptr && current_ != nullptr && trace_->records_edges())
    task.cancelled_from = EdgeEnd{current_->lane, trace_->now()};
  // Suspended in a cancellable wait: wake it now. Otherwise (ready, running,
  // not started) it sees the request at its next suspension point.
  if (detail::Waiter* w = std::exchange(task.waiting, nullptr)) w->cancel_wait();
}

void EventLoop::cancel_all() {
  // Copy: cancelling may not change live_ now, but keep this robust.
  std::vector<detail::TaskState*> tasks;
  tasks.reserve(live_.size());
  for (auto& t : live_) tasks.push_back(t.get());
  for (auto* t : tasks) cancel(*t);
}

void EventLoop::wake_for_cancel() {
  std::lock_guard lock(post_mutex_);
  cancel_seen_.store(true, std::memory_order_relaxed);  // read under the mutex or re-checked next step
  wakeup_.notify_all();
}

void EventLoop::post_threadsafe(std::function<void()> fn) {
  std::lock_guard lock(post_mutex_);
  posts_.push_back(std::move(fn));
  has_posts_.store(true, std::memory_order_relaxed);
  // Notify under the mutex: the loop may be destroyed as soon as we unlock.
  wakeup_.notify_one();
}

bool EventLoop::wait_for_wakeup(std::optional<micros> timeout_us) {
  std::unique_lock lock(post_mutex_);
  auto woken = [this] { return !posts_.empty() || (cancel_seen_.load(std::memory_order_relaxed) && !cancelling_); };
  if (!timeout_us) {
    wakeup_.wait(lock, woken);
    return true;
  }
  return wakeup_.wait_for(lock, std::chrono::microseconds(std::max<micros>(0, *timeout_us)), woken);
}

void EventLoop::run_posts() {
  std::vector<std::function<void()>> posts;
  {
    std::lock_guard lock(post_mutex_);
    posts.swap(posts_);
    has_posts_.store(false, std::memory_order_relaxed);
  }
  for (auto& fn : posts) fn();
  stats_.posts += posts.size();
}

StepResult EventLoop::step() {
  ++stats_.steps;
  StepResult result;
  if (has_posts_.load(std::memory_order_relaxed)) {
    run_posts();
    result.did_work = true;
  }
  if (!cancelling_ && cancel_seen_.load(std::memory_order_relaxed)) {
    cancelling_ = true;
    cancel_all();
  }
  if (!timers_.empty()) fire_timers(clock_->now_us());

  // Only what was ready when the step began: a task that keeps yielding
  // cannot starve timers and posts.
  std::size_t n = ready_.size();
  if (n > 0) result.did_work = true;
  stats_.resumes += n;
  if (trace_ == nullptr) {
    while (n-- > 0) {
      detail::ReadyEntry e = ready_.pop();  // not const: resume() is non-const in libc++
      current_ = e.task;
      e.handle.resume();
      if (!finished_.empty()) finished_.clear();
    }
  } else {
    while (n-- > 0) {
      detail::ReadyEntry e = ready_.pop();  // not const: resume() is non-const in libc++
      current_ = e.task;
      if (e.task->lane < 0 && e.task->lane_pool != nullptr) take_pooled_lane(*e.task);
      const LaneId lane = e.task->lane;
      std::string label = e.task->span_label({});  // names the task on a shared lane
      const micros start = trace_->now();
      e.handle.resume();
      trace_->record(lane, SpanState::running, start, trace_->now(), label, "loop.run");
      if (!finished_.empty()) finished_.clear();
    }
  }
  current_ = nullptr;

  // Work for the next step already (ready tasks, a post, a cancellation that
  // arrived meanwhile): due now.
  if (!ready_.empty() || has_posts_.load(std::memory_order_relaxed) ||
      (!cancelling_ && cancel_seen_.load(std::memory_order_relaxed))) {
    result.next_deadline = clock_->now_us();
  } else if (!timers_.empty()) {
    result.next_deadline = timers_.front()->deadline;
  }
  result.finished = live_.empty() && external_pending_ == 0 && ready_.empty();
  return result;
}

// --- timers: a binary min-heap on (deadline, seq); each node knows its index,
// so a cancelled sleep leaves the heap in O(log n).

static bool earlier(const detail::TimerNode* a, const detail::TimerNode* b) {
  return a->deadline != b->deadline ? a->deadline < b->deadline : a->seq < b->seq;
}

void EventLoop::timer_swap(std::size_t a, std::size_t b) noexcept {
  std::swap(timers_[a], timers_[b]);
  timers_[a]->heap_index = a;
  timers_[b]->heap_index = b;
}

void EventLoop::sift_up(std::size_t i) noexcept {
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!earlier(timers_[i], timers_[parent])) break;
    timer_swap(i, parent);
    i = parent;
  }
}

void EventLoop::sift_down(std::size_t i) noexcept {
  for (;;) {
    const std::size_t l = 2 * i + 1, r = l + 1;
    std::size_t best = i;
    if (l < timers_.size() && earlier(timers_[l], timers_[best])) best = l;
    if (r < timers_.size() && earlier(timers_[r], timers_[best])) best = r;
    if (best == i) return;
    timer_swap(i, best);
    i = best;
  }
}

void EventLoop::add_timer(detail::TimerNode& timer, micros deadline) {
  timer.deadline = deadline;
  timer.seq = timer_seq_++;
  timer.heap_index = timers_.size();
  timers_.push_back(&timer);
  sift_up(timer.heap_index);
}

void EventLoop::remove_timer(detail::TimerNode& timer) noexcept {
  const std::size_t i = timer.heap_index;
  if (i >= timers_.size() || timers_[i] != &timer) return;  // not in the heap
  const std::size_t last = timers_.size() - 1;
  if (i != last) timer_swap(i, last);
  timers_.pop_back();
  timer.heap_index = static_cast<std::size_t>(-1);
  if (i < timers_.size()) {
    sift_down(i);
    sift_up(i);
  }
}

void EventLoop::fire_timers(micros now) {
  while (!timers_.empty() && timers_.front()->deadline <= now) {
    detail::TimerNode* t = timers_.front();
    remove_timer(*t);
    ++stats_.timers_fired;
    t->on_timer();
  }
}

}  // namespace playground
