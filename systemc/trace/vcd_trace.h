// VCD observer: traces, per core, every engine's busy flag and queue depth and the flag counts
// of every pipe pair, for GTKWave. Signals are chosen by a glob on their names
// (e.g. "core0.*" or "*.CUBE.busy"); time is SystemC time (fs resolution, written as ps).
#pragma once

#include <string>

#include <systemc>

namespace npu::model {

class Chip;

// Opens the file and registers the selected signals; returns nullptr and an error text if the
// file cannot be opened or the glob selects nothing. Call before the simulation starts.
sc_core::sc_trace_file* open_vcd(Chip& chip, const std::string& path, const std::string& glob,
                                 std::string& error);

}  // namespace npu::model
