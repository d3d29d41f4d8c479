// A time window for VCD files: SystemC's VCD writer writes the whole run, so it writes into a
// FIFO instead and a filter thread copies to the real file only the header, the values in force
// when the window opens, and the changes inside it. Nothing outside the window touches the disk.
#pragma once

#include <cstdint>
#include <string>
#include <thread>

namespace npu::model {

class VcdWindowFilter {
 public:
  // Creates the FIFO (in the output's directory) and starts the filter; out_path is written to a
  // temporary name and renamed at finish(). Window bounds in fs.
  VcdWindowFilter(const std::string& out_path, uint64_t from_fs, uint64_t to_fs);
  ~VcdWindowFilter();
  const std::string& error() const { return m_error; }
  // The path SystemC must write (the FIFO), without its ".vcd" suffix.
  const std::string& writer_base() const { return m_base; }
  // After the writer closed the FIFO: waits for the filter, renames the output into place.
  std::string finish();

 private:
  void run();

  std::string m_out, m_tmp, m_base, m_fifo, m_error;
  uint64_t m_from, m_to;
  std::thread m_thread;
  bool m_ok = false;
};

}  // namespace npu::model
