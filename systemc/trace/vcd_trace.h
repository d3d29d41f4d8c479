// VCD observer: traces, per core, every engine's busy flag and queue depth and the flag counts
// of every pipe pair, and per chip the clock (MHz), the HBM bandwidth in use (GB/s) and the power
// model's watts (chip.power_w, the last window's average) as real values, for GTKWave
// (scripts/npuemu.gtkw groups them). Signals are chosen by a glob on their names (e.g. "core0.*",
// "*.M.busy" for the cube, "chip.*"); time is SystemC time (fs). A time window keeps only the
// values in force at its start and the changes inside it (vcd_window.h).
#pragma once

#include <memory>
#include <string>
#include <systemc>

#include "trace/time_window.h"
#include "trace/vcd_window.h"

namespace npu::model {

class Chip;

class VcdTrace {
 public:
  ~VcdTrace();
  // Flushes and closes the file and renames it into place (it is written under a temporary
  // name, so a killed run leaves no file that looks like a finished trace; a faulting run still
  // closes it). Returns an error or empty.
  std::string close();

 private:
  friend std::unique_ptr<VcdTrace> open_vcd(Chip&, const std::string&, const std::string&,
                                            const TimeWindow&, std::string&);
  sc_core::sc_trace_file* m_tf = nullptr;
  std::unique_ptr<VcdWindowFilter> m_window;
  std::string m_partial, m_path;  // unwindowed: where SystemC writes, where close() puts it
};

// Opens the file and registers the selected signals; returns nullptr and an error text if the
// file cannot be opened or the glob selects nothing. Call before the simulation starts.
std::unique_ptr<VcdTrace> open_vcd(Chip& chip, const std::string& path, const std::string& glob,
                                   const TimeWindow& window, std::string& error);

}  // namespace npu::model
