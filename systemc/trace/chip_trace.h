// Wires the chip's observers: the Perfetto timeline (every core's engines and flag tables, the
// clock, HBM-bandwidth and power counters) and the options that choose what it keeps.
#pragma once

#include <memory>
#include <string>

#include "trace/perfetto_trace.h"

namespace npu::model {

class Chip;

// Opens the trace and attaches it to every core the filter selects; call before the simulation
// starts and close() after it. Returns nullptr and an error text when the file cannot be written.
std::unique_ptr<PerfettoTrace> open_perfetto(Chip& chip, const as::Image& image,
                                             const std::string& path, const TraceFilter& filter,
                                             std::string& error);

}  // namespace npu::model
