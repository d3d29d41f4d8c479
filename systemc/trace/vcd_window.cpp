// VCD time-window filter (see vcd_window.h).
#include "trace/vcd_window.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string_view>

namespace npu::model {

VcdWindowFilter::VcdWindowFilter(const std::string& out_path, uint64_t from_ps, uint64_t to_ps)
    : m_out(out_path), m_from(from_ps), m_to(to_ps) {
  m_tmp = fmt::format("{}.tmp.{}", out_path, getpid());
  m_base = fmt::format("{}.fifo.{}", out_path, getpid());
  m_fifo = m_base + ".vcd";
  std::remove(m_fifo.c_str());
  if (mkfifo(m_fifo.c_str(), 0600) != 0) {
    m_error = fmt::format("cannot write VCD file '{}' (no FIFO beside it)", out_path);
    return;
  }
  m_thread = std::thread([this] { run(); });
}

VcdWindowFilter::~VcdWindowFilter() {
  if (m_thread.joinable()) m_thread.detach();  // the writer never closed: abandon
  std::remove(m_fifo.c_str());
}

void VcdWindowFilter::run() {
  std::ifstream in(m_fifo);  // blocks until SystemC opens the FIFO for writing
  std::ofstream out(m_tmp);
  if (!in || !out) return;
  std::string line;
  // Header up to $enddefinitions goes through (its $timescale converts the window from fs);
  // SystemC's $dumpvars block (time 0) only seeds the current values.
  bool in_timescale = false;
  uint64_t unit_fs = 1;
  while (std::getline(in, line)) {
    out << line << '\n';
    if (line.find("$timescale") != std::string::npos) in_timescale = true;
    if (in_timescale) {
      for (auto [name, fs] :
           {std::pair{"fs", 1ull}, {"ps", 1000ull}, {"ns", 1000000ull}, {"us", 1000000000ull}}) {
        if (line.find(name) != std::string::npos) unit_fs = fs;
      }
      if (line.find("$end") != std::string::npos && line.find("$timescale") == std::string::npos) {
        in_timescale = false;
      }
    }
    if (line.find("$enddefinitions") != std::string::npos) break;
  }
  m_from /= unit_fs;
  m_to = m_to == UINT64_MAX ? m_to : m_to / unit_fs;
  std::map<std::string, std::string> value;  // id -> last value line
  auto id_of = [](const std::string& l) -> std::string {
    if (l.empty()) return {};
    if (l[0] == 'b' || l[0] == 'r') {
      size_t sp = l.find(' ');
      return sp == std::string::npos ? std::string() : l.substr(sp + 1);
    }
    return l.substr(1);
  };
  bool opened = false, closed = false, in_comment = false;
  uint64_t t = 0;
  auto open_window = [&](uint64_t at) {
    out << "#" << at << "\n$dumpvars\n";
    for (const auto& [id, v] : value) out << v << '\n';
    out << "$end\n";
    opened = true;
  };
  while (std::getline(in, line)) {
    if (closed) continue;  // keep draining so the writer never blocks
    if (line.empty()) continue;
    if (in_comment || line.rfind("$comment", 0) == 0) {
      in_comment = line.find("$end") == std::string::npos;
      continue;
    }
    if (line[0] == '#') {
      t = std::stoull(line.substr(1));
      if (t > m_to) {
        if (!opened) open_window(m_from);
        out << "#" << m_to << '\n';
        closed = true;
        continue;
      }
      if (t >= m_from && !opened) {
        open_window(m_from);
        if (t == m_from) continue;
      }
      if (opened) out << line << '\n';
      continue;
    }
    if (line[0] == '$') continue;  // $dumpvars / $end / $comment markers
    const std::string id = id_of(line);
    if (id.empty()) continue;
    value[id] = line;
    if (opened) out << line << '\n';
  }
  if (!opened) open_window(m_from);
  m_ok = static_cast<bool>(out);
}

std::string VcdWindowFilter::finish() {
  if (!m_error.empty()) return m_error;
  if (m_thread.joinable()) m_thread.join();
  std::remove(m_fifo.c_str());
  if (!m_ok || std::rename(m_tmp.c_str(), m_out.c_str()) != 0) {
    std::remove(m_tmp.c_str());
    return fmt::format("cannot write VCD file '{}'", m_out);
  }
  return {};
}

}  // namespace npu::model
