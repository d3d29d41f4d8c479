// npuemu sweep: many `npuemu run` points (shapes x chip parameters x archs x kernels, see
// sweep_points.h) run in parallel child processes (--jobs), one CSV row per point appended as
// each finishes, a progress bar on a terminal (plain lines otherwise). Re-run with the same --csv
// it resumes: points whose row is already there are skipped (a torn last line is dropped).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "npuemu/child_run.h"
#include "npuemu/cli.h"
#include "npuemu/options.h"
#include "npuemu/sweep_points.h"

namespace po = boost::program_options;

namespace npu::tb {
namespace {

const char* kResultColumns =
    "status,exit_code,cycles,seconds,freq_mhz,cores_used,ops,achieved_tops,peak_tops,efficiency,"
    "hbm_bytes,l2_bytes,l2_hit_rate,hbm_peak_gbps,wall_s,message";

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s)
    q += c == '"' ? std::string("\"\"") : c == '\n' ? std::string(" ") : std::string(1, c);
  return q + "\"";
}

// The last cell of a row: the point's key (';'-joined, so it holds no ',' unless a file path does).
std::string last_cell(const std::string& line) { return line.substr(line.rfind(',') + 1); }

struct Csv {
  std::string header;
  std::set<std::string> done;  // keys
};

// Reads an existing CSV for resuming: checks the header, drops a torn last line.
Csv read_existing(const std::string& path, const std::string& header) {
  Csv c;
  std::ifstream in(path, std::ios::binary);
  if (!in) return c;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty()) return c;
  size_t complete = text.rfind('\n');
  complete = complete == std::string::npos ? 0 : complete + 1;
  if (complete < text.size()) std::filesystem::resize_file(path, complete);  // torn last row
  std::istringstream lines(text.substr(0, complete));
  std::string line;
  std::getline(lines, line);
  if (line != header) {
    throw UserError(
        fmt::format("--csv {}: exists with other columns (another sweep?); give a new "
                    "file or remove it",
                    path));
  }
  c.header = line;
  while (std::getline(lines, line)) {
    if (!line.empty()) c.done.insert(last_cell(line));
  }
  return c;
}

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.rfind("npuemu: ", 0) == 0) return line;
    if (!line.empty() && last.empty()) last = line;
  }
  return last;
}

std::string result_cells(const nlohmann::json& r, int exit_code, const std::string& message) {
  auto num = [&](const char* k) { return r.contains(k) ? r[k].dump() : std::string(); };
  const bool ok = exit_code == 0 && !r.is_null();
  std::string status = ok ? "ok" : exit_code == 2 ? "fault" : "error";
  if (r.is_null()) {
    return fmt::format("{},{},,,,,,,,,,,,,,{}", status, exit_code, csv_cell(message));
  }
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", status, exit_code,
                     num("cycles"), num("seconds"), num("freq_mhz"), num("cores_used"), num("ops"),
                     num("achieved_tops"), num("peak_tops"), num("efficiency"),
                     r["bytes"]["hbm"].dump(), r["bytes"]["l2"].dump(), num("l2_hit_rate"),
                     num("hbm_gbps"), r["sim"]["wall_s"].dump(),
                     csv_cell(message));
}

class Progress {
 public:
  Progress(size_t total, size_t skipped) : m_total(total), m_done(skipped), m_tty(isatty(2)) {
    m_t0 = std::chrono::steady_clock::now();
    if (skipped) {
      std::cerr << fmt::format("sweep: resuming: {} of {} points already in the CSV\n", skipped,
                               total);
    }
  }
  void point_done(const SweepPoint& p, const std::string& status, double wall, size_t running) {
    ++m_done;
    ++m_run_here;
    const double el =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_t0).count();
    const double eta = el / m_run_here * static_cast<double>(m_total - m_done);
    if (m_tty) {
      const int width = 30, fill = static_cast<int>(width * m_done / std::max<size_t>(1, m_total));
      std::cerr << fmt::format("\r[{}{}] {}/{} points  {} running  {:.0f}s elapsed  eta {:.0f}s  ",
                               std::string(fill, '#'), std::string(width - fill, '.'), m_done,
                               m_total, running, el, eta)
                << std::flush;
      if (m_done == m_total) std::cerr << "\n";
    } else {
      std::cerr << fmt::format("sweep: {}/{} {} {} {} {:.2f}s\n", m_done, m_total,
                               std::filesystem::path(p.kernel).stem().string(), p.shape_arg(),
                               status, wall);
    }
  }

 private:
  size_t m_total, m_done, m_run_here = 0;
  bool m_tty;
  std::chrono::steady_clock::time_point m_t0;
};

}  // namespace

int cmd_sweep(int argc, char** argv) {
  po::options_description opts("npuemu sweep options");
  SweepSpec spec;
  std::string csv_path;
  std::vector<std::string> run_args;
  unsigned jobs = 1;
  bool functional = false;
  // clang-format off
  opts.add_options()
      ("help,h", "this help")
      ("arch", po::value(&spec.archs)->composing(), "chip config YAML (repeatable)")
      ("kernel", po::value(&spec.kernels)->composing(), "firmware .s/.fw (repeatable)")
      ("shapes", po::value(&spec.shapes)->required(),
       "ranges, e.g. 'M=N=K=128:2048:*2' or 'M=256|512,N=256,K=64:512:+64', or a .csv/.yaml file")
      ("param", po::value(&spec.param_specs)->composing(),
       "chip parameter values: PATH=VALUES, e.g. chip.freq=600:1000:+200MHz (repeatable)")
      ("jobs,j", po::value(&jobs), "points run in parallel (default 1)")
      ("csv", po::value(&csv_path)->required(), "CSV, one row per point (resumed when it exists)")
      ("functional", po::bool_switch(&functional), "move data and compute (default: timing-only)")
      ("run-arg", po::value(&run_args)->composing(),
       "extra argument for every run, e.g. --run-arg=--cores=1 (repeatable)");
  // clang-format on
  po::variables_map vm;
  if (!parse_options(argc, argv, opts, "sweep", vm)) return kExitOk;
  if (jobs < 1 || jobs > 256) throw UserError("--jobs must be within 1..256");
  std::vector<SweepPoint> points = enumerate_points(spec);

  std::set<std::string> param_cols;
  for (const SweepPoint& p : points) {
    for (const auto& [k, v] : p.params) param_cols.insert(k);
  }
  std::string header = "point,arch,kernel,M,N,K";
  for (const std::string& c : param_cols) header += "," + c;
  header += std::string(",") + kResultColumns + ",key";

  Csv existing = read_existing(csv_path, header);
  const int fd = ::open(csv_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw UserError(fmt::format("--csv {}: cannot write", csv_path));
  auto append = [&](const std::string& line) {
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
      throw UserError(fmt::format("--csv {}: write failed", csv_path));
    }
  };
  if (existing.header.empty()) append(header + "\n");

  const std::filesystem::path work =
      std::filesystem::temp_directory_path() / fmt::format("npuemu_sweep_{}", getpid());
  std::filesystem::create_directories(work);
  std::string run_key = functional ? ";functional" : "";
  for (const std::string& a : run_args) run_key += ";run-arg=" + a;
  auto key_of = [&](size_t i) { return points[i].key() + run_key; };
  std::vector<size_t> todo;
  for (size_t i = 0; i < points.size(); ++i) {
    if (!existing.done.count(key_of(i))) todo.push_back(i);
  }
  Progress progress(points.size(), points.size() - todo.size());
  struct Running {
    size_t index;
    std::chrono::steady_clock::time_point t0;
  };
  std::map<pid_t, Running> running;
  size_t next = 0, failed = 0;
  auto row_of = [&](size_t i, const std::string& results) {
    const SweepPoint& p = points[i];
    auto dim = [&](const char* k) { return p.shape.count(k) ? p.shape.at(k) : std::string(); };
    std::string row = fmt::format("{},{},{},{},{},{}", i, csv_cell(p.arch), csv_cell(p.kernel),
                                  dim("M"), dim("N"), dim("K"));
    for (const std::string& c : param_cols) {
      row += fmt::format(",{}", csv_cell(p.params.count(c) ? p.params.at(c) : std::string()));
    }
    return fmt::format("{},{},{}\n", row, results, key_of(i));
  };
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && running.size() < jobs) {
      const size_t i = todo[next++];
      const SweepPoint& p = points[i];
      std::vector<std::string> args = {"--arch", p.arch,    "--kernel",
                                       p.kernel, "--shape", p.shape_arg()};
      if (!functional) args.push_back("--timing-only");
      for (const auto& [k, v] : p.params) args.push_back("--set=" + k + "=" + v);
      args.insert(args.end(), run_args.begin(), run_args.end());
      const auto rep = work / fmt::format("point{}.json", i);
      const auto err = work / fmt::format("point{}.err", i);
      std::filesystem::remove(rep);
      running[spawn_run(args, rep.string(), err.string())] = {i, std::chrono::steady_clock::now()};
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const size_t i = it->second.index;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.t0).count();
    running.erase(it);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const auto rep = work / fmt::format("point{}.json", i);
    nlohmann::json r;
    if (std::ifstream in(rep); in) {
      try {
        r = nlohmann::json::parse(in);
      } catch (const nlohmann::json::exception&) {
        r = nullptr;
      }
    }
    const std::string msg =
        code == 0 ? "" : first_line((work / fmt::format("point{}.err", i)).string());
    if (code != 0) ++failed;
    append(row_of(i, result_cells(r, code, msg)));
    progress.point_done(points[i], code == 0 ? "ok" : "failed", wall, running.size());
  }
  ::close(fd);
  std::filesystem::remove_all(work);
  std::cout << fmt::format("sweep: {} points in {} ({} failed this run)\n", points.size(), csv_path,
                           failed);
  return kExitOk;
}

}  // namespace npu::tb
