// Sweep point enumeration (see sweep_points.h).
#include "npuemu/sweep_points.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "npuemu/cli.h"

namespace npu::tb {
namespace {

constexpr size_t kMaxPoints = 100000;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

// "1000MHz" -> {1000, "MHz"}
bool number_unit(const std::string& s, double& v, std::string& unit) {
  size_t used = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    return false;
  }
  unit = trim(s.substr(used));
  return true;
}

std::string format_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using Row = std::map<std::string, std::string>;

std::vector<Row> rows_from_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UserError(fmt::format("--shapes {}: cannot read the file", path));
  std::string line;
  std::vector<std::string> header;
  std::vector<Row> rows;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells = split(line, ',');
    for (auto& c : cells) c = trim(c);
    if (header.empty()) {
      header = cells;
      continue;
    }
    if (cells.size() != header.size()) {
      throw UserError(
          fmt::format("{}:{}: {} cells, the header has {}", path, n, cells.size(), header.size()));
    }
    Row r;
    for (size_t i = 0; i < cells.size(); ++i) r[header[i]] = cells[i];
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<Row> rows_from_yaml(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw UserError(fmt::format("--shapes {}: {}", path, e.what()));
  }
  if (!root.IsSequence()) throw UserError(fmt::format("{}: expected a list of points", path));
  std::vector<Row> rows;
  for (const YAML::Node& item : root) {
    if (!item.IsMap()) {
      throw UserError(fmt::format("{}:{}: each point is a map (M: 256, N: 256, ...)", path,
                                  item.Mark().line + 1));
    }
    Row r;
    for (const auto& kv : item) r[kv.first.as<std::string>()] = kv.second.as<std::string>();
    rows.push_back(std::move(r));
  }
  return rows;
}

// Cartesian product of range items "KEY=VALUES" ("M=N=K=..." ties keys).
std::vector<Row> rows_from_ranges(const std::string& text) {
  std::vector<Row> rows = {Row{}};
  for (const std::string& raw : split(text, ',')) {
    const std::string item = trim(raw);
    const size_t last_eq = item.rfind('=');
    if (last_eq == std::string::npos || last_eq == 0) {
      throw UserError(
          fmt::format("--shapes '{}': expected KEY=VALUES items, e.g. M=N=K=128:1024:*2", text));
    }
    std::vector<std::string> keys = split(item.substr(0, last_eq), '=');
    std::vector<std::string> values = expand_values(item.substr(last_eq + 1));
    std::vector<Row> next;
    for (const Row& r : rows) {
      for (const std::string& v : values) {
        Row n = r;
        for (const std::string& k : keys) n[trim(k)] = v;
        next.push_back(std::move(n));
        if (next.size() > kMaxPoints) throw UserError("--shapes: more than 100000 points");
      }
    }
    rows = std::move(next);
  }
  return rows;
}

}  // namespace

std::vector<std::string> expand_values(const std::string& spec) {
  std::vector<std::string> out;
  for (const std::string& raw : split(spec, '|')) {
    const std::string item = trim(raw);
    if (item.empty()) throw UserError(fmt::format("empty value in '{}'", spec));
    std::vector<std::string> parts = split(item, ':');
    if (parts.size() == 1) {
      out.push_back(item);
      continue;
    }
    double a = 0, b = 0, step = 0;
    std::string ua, ub, us;
    if (parts.size() != 3 || parts[2].size() < 2 || !number_unit(parts[0], a, ua) ||
        !number_unit(parts[1], b, ub) || !number_unit(parts[2].substr(1), step, us)) {
      throw UserError(fmt::format("range '{}': expected a:b:+step or a:b:*factor", item));
    }
    const std::string unit = !us.empty() ? us : !ub.empty() ? ub : ua;
    const bool mul = parts[2][0] == '*';
    if ((parts[2][0] != '+' && !mul) || (mul ? step <= 1 : step <= 0) || b < a) {
      throw UserError(fmt::format("range '{}': the step must grow from a to b", item));
    }
    for (double v = a; v <= b * (1 + 1e-12); v = mul ? v * step : v + step) {
      out.push_back(format_number(v) + unit);
      if (out.size() > kMaxPoints)
        throw UserError(fmt::format("range '{}': too many values", item));
    }
  }
  return out;
}

std::string SweepPoint::key() const {
  std::string k = fmt::format("arch={};kernel={}", arch, kernel);
  for (const auto& [n, v] : shape) k += fmt::format(";{}={}", n, v);
  for (const auto& [n, v] : params) k += fmt::format(";{}={}", n, v);
  return k;
}

std::string SweepPoint::shape_arg() const {
  std::string s;
  for (const char* n : {"M", "N", "K"}) {
    if (auto it = shape.find(n); it != shape.end()) {
      s += fmt::format("{}{}={}", s.empty() ? "" : ",", n, it->second);
    }
  }
  return s;
}

std::vector<SweepPoint> enumerate_points(const SweepSpec& spec) {
  std::vector<Row> rows;
  if (ends_with(spec.shapes, ".csv"))
    rows = rows_from_csv(spec.shapes);
  else if (ends_with(spec.shapes, ".yaml") || ends_with(spec.shapes, ".yml")) {
    rows = rows_from_yaml(spec.shapes);
  } else {
    rows = rows_from_ranges(spec.shapes);
  }
  // Chip parameter values from --param, as a product.
  std::vector<Row> param_sets = {Row{}};
  for (const std::string& p : spec.param_specs) {
    const size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UserError(
          fmt::format("--param '{}': expected PATH=VALUES, e.g. chip.freq=800MHz|1GHz", p));
    }
    std::vector<Row> next;
    for (const Row& r : param_sets) {
      for (const std::string& v : expand_values(p.substr(eq + 1))) {
        Row n = r;
        n[p.substr(0, eq)] = v;
        next.push_back(std::move(n));
      }
    }
    param_sets = std::move(next);
  }
  std::vector<SweepPoint> points;
  for (const Row& row : rows) {
    std::vector<std::string> archs = spec.archs, kernels = spec.kernels;
    if (auto it = row.find("arch"); it != row.end()) archs = {it->second};
    if (auto it = row.find("kernel"); it != row.end()) kernels = {it->second};
    if (archs.empty()) throw UserError("sweep: give --arch (or an 'arch' column)");
    if (kernels.empty()) throw UserError("sweep: give --kernel (or a 'kernel' column)");
    for (const std::string& a : archs) {
      for (const std::string& k : kernels) {
        for (const Row& ps : param_sets) {
          SweepPoint pt;
          pt.arch = a;
          pt.kernel = k;
          pt.params = ps;
          for (const auto& [name, v] : row) {
            if (name == "arch" || name == "kernel") continue;
            if (name.find('.') != std::string::npos)
              pt.params[name] = v;
            else if (name == "M" || name == "N" || name == "K")
              pt.shape[name] = v;
            else
              throw UserError(
                  fmt::format("sweep: unknown column '{}' (M, N, K, arch, kernel or "
                              "a chip parameter path)",
                              name));
          }
          if (pt.shape.empty()) throw UserError("sweep: a point without a shape (M, N, K)");
          points.push_back(std::move(pt));
          if (points.size() > kMaxPoints) throw UserError("sweep: more than 100000 points");
        }
      }
    }
  }
  return points;
}

}  // namespace npu::tb
