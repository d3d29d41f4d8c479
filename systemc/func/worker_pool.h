// A small persistent pool for the heavy functional arithmetic (`npuemu --threads N`).
//
// SystemC stays single-threaded: the calling thread (the SystemC thread that executes an MMAD)
// splits the work, runs one share itself, and waits for the others before it returns, so the
// work is finished, and its results in memory, when the instruction completes. Callers give
// work whose results do not depend on how it is split (disjoint outputs, each computed in the
// same order), so the output is the same for every thread count.
#pragma once

#include <cstddef>
#include <functional>

namespace npu::func {

// Total threads doing arithmetic, the caller included (1: no workers, everything inline). Starts
// or stops workers; call it between runs, not while parallel_rows is running.
void set_worker_threads(unsigned threads);
unsigned worker_threads();

// Calls body(begin, end) over disjoint ranges covering [0, n), split into at most
// worker_threads() parts of about equal size, each a multiple of `grain` except the last; returns
// when all are done. Runs inline when n < 2 * grain or there is one thread. The first exception
// thrown by a body is rethrown here after all parts finished.
void parallel_rows(size_t n, size_t grain, const std::function<void(size_t, size_t)>& body);

}  // namespace npu::func
