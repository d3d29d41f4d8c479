// Worker pool (see worker_pool.h): workers sleep on a condition variable between jobs; a job is
// one function over part indices that each worker takes from a shared counter.
#include "func/worker_pool.h"

#include <algorithm>
#include <atomic>
#include <cfenv>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace npu::func {

namespace {

class Pool {
 public:
  explicit Pool(unsigned workers) {
    std::fenv_t env;
    std::fegetenv(&env);  // workers compute in the caller's FP environment (RNE, no FTZ/DAZ)
    for (unsigned w = 0; w < workers; ++w) {
      m_threads.emplace_back([this, env] {
        std::fesetenv(&env);
        loop();
      });
    }
  }
  ~Pool() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads) t.join();
  }
  unsigned size() const { return static_cast<unsigned>(m_threads.size()); }

  // Runs part(p) for p in [0, parts): the caller and the workers take parts from one counter.
  // A worker joins a job under the mutex and leaves it under the mutex; a job is published only
  // when no worker is still inside the previous one, so nobody takes an index of the wrong job.
  void run(size_t parts, const std::function<void(size_t)>& part) {
    {
      std::unique_lock lock(m_mutex);
      m_done.wait(lock, [this] { return m_active == 0; });
      m_part = &part;
      m_parts = parts;
      m_next.store(0);
      m_pending = parts;
      m_error = nullptr;
      ++m_generation;
    }
    m_wake.notify_all();
    work(part, parts);
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending == 0 && m_active == 0; });
    m_part = nullptr;
    if (m_error) std::rethrow_exception(m_error);
  }

 private:
  void loop() {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(size_t)>* part = nullptr;
      size_t parts = 0;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stop || m_generation != seen; });
        if (m_stop) return;
        seen = m_generation;
        if (m_part == nullptr) continue;  // that job is already over
        part = m_part;
        parts = m_parts;
        ++m_active;
      }
      work(*part, parts);
      std::lock_guard lock(m_mutex);
      if (--m_active == 0) m_done.notify_all();
    }
  }
  // Takes parts until none are left; the last one to finish wakes the caller.
  void work(const std::function<void(size_t)>& part, size_t parts) {
    for (;;) {
      const size_t p = m_next.fetch_add(1);
      if (p >= parts) return;
      std::exception_ptr err;
      try {
        part(p);
      } catch (...) {
        err = std::current_exception();
      }
      std::lock_guard lock(m_mutex);
      if (err && !m_error) m_error = err;
      if (--m_pending == 0) m_done.notify_all();
    }
  }

  std::vector<std::thread> m_threads;
  std::mutex m_mutex;
  std::condition_variable m_wake, m_done;
  const std::function<void(size_t)>* m_part = nullptr;
  size_t m_parts = 0, m_pending = 0, m_active = 0;
  std::atomic<size_t> m_next{0};
  uint64_t m_generation = 0;
  bool m_stop = false;
  std::exception_ptr m_error;
};

std::unique_ptr<Pool>& pool() {
  static std::unique_ptr<Pool> p;
  return p;
}

}  // namespace

void set_worker_threads(unsigned threads) {
  const unsigned workers = threads > 1 ? threads - 1 : 0;
  if (worker_threads() == workers + 1) return;
  pool().reset();
  if (workers > 0) pool() = std::make_unique<Pool>(workers);
}

unsigned worker_threads() { return pool() ? pool()->size() + 1 : 1; }

void parallel_rows(size_t n, size_t grain, const std::function<void(size_t, size_t)>& body) {
  grain = std::max<size_t>(grain, 1);
  const size_t threads = worker_threads();
  if (threads == 1 || n < 2 * grain) {
    if (n > 0) body(0, n);
    return;
  }
  const size_t grains = (n + grain - 1) / grain;
  const size_t parts = std::min(threads, grains);
  const size_t per = (grains + parts - 1) / parts;  // grains per part
  pool()->run(parts, [&](size_t p) {
    const size_t begin = std::min(n, p * per * grain), end = std::min(n, (p + 1) * per * grain);
    if (begin < end) body(begin, end);
  });
}

}  // namespace npu::func
