// ParallelOrdered: runs work(i) for i in [0, n) on up to `threads` threads
// and hands each result to consume(i, result) on the calling thread in
// index order, as soon as every earlier result has been consumed.
//
// This is how files are processed in parallel while results stay
// independent of the thread count: each file gets its own accumulator, and
// accumulators merge in file order. At most about 2 x threads results wait
// in memory at a time (workers pause when they run too far ahead).
#ifndef WAFTUNE_UTIL_PARALLEL_ORDERED_H_
#define WAFTUNE_UTIL_PARALLEL_ORDERED_H_

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace waftune {

template <typename R>
void ParallelOrdered(size_t n, int threads,
                     const std::function<R(size_t)>& work,
                     const std::function<void(size_t, R&&)>& consume) {
  size_t workers = std::max<size_t>(1, std::min<size_t>(threads > 0 ? threads : 1, n));
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) consume(i, work(i));
    return;
  }
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::optional<R>> slots(n);
  size_t next_task = 0;
  size_t next_consume = 0;
  const size_t max_ahead = 2 * workers;
  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return next_task >= n || next_task < next_consume + max_ahead; });
        if (next_task >= n) return;
        i = next_task++;
      }
      R result = work(i);
      {
        std::lock_guard<std::mutex> lock(mu);
        slots[i].emplace(std::move(result));
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < workers; ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < n; ++i) {
    std::optional<R> ready;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return slots[i].has_value(); });
      ready.swap(slots[i]);
      next_consume = i + 1;
    }
    cv.notify_all();
    consume(i, std::move(*ready));
  }
  for (std::thread& t : pool) t.join();
}

}  // namespace waftune

#endif  // WAFTUNE_UTIL_PARALLEL_ORDERED_H_
