// Parsing of time windows and core lists (see time_window.h).
#include "trace/time_window.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace npu::model {
namespace {

struct Bound {
  double value = 0;
  std::string unit;
  bool empty = false;
};

std::string parse_bound(std::string_view s, Bound& b) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) {
    b.empty = true;
    return {};
  }
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  const std::string num(s.substr(0, i));
  char* end = nullptr;
  b.value = std::strtod(num.c_str(), &end);
  if (num.empty() || end != num.c_str() + num.size()) return fmt::format("'{}' is not a time", s);
  std::string_view u = s.substr(i);
  while (!u.empty() && u.front() == ' ') u.remove_prefix(1);
  b.unit = std::string(u);
  return {};
}

std::string to_fs(const Bound& b, const std::string& unit, uint64_t period_fs, uint64_t& out) {
  double scale = 0;
  if (unit == "s")
    scale = 1e15;
  else if (unit == "ms")
    scale = 1e12;
  else if (unit == "us")
    scale = 1e9;
  else if (unit == "ns")
    scale = 1e6;
  else if (unit == "ps")
    scale = 1e3;
  else if (unit == "fs")
    scale = 1;
  else if (unit == "cycles" || unit == "cycle")
    scale = static_cast<double>(period_fs);
  else
    return fmt::format("unknown time unit '{}' (s, ms, us, ns, ps, cycles)", unit);
  const double fs = b.value * scale;
  if (!(fs < 1.8e19)) return fmt::format("time {} {} is too large", b.value, unit);
  out = static_cast<uint64_t>(std::llround(fs));
  return {};
}

}  // namespace

std::string parse_time_window(std::string_view text, uint64_t period_fs, TimeWindow& out) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return fmt::format("time window '{}': expected T0:T1 with units, e.g. 0:20us", text);
  }
  Bound a, b;
  if (auto e = parse_bound(text.substr(0, colon), a); !e.empty()) {
    return fmt::format("time window '{}': {}", text, e);
  }
  if (auto e = parse_bound(text.substr(colon + 1), b); !e.empty()) {
    return fmt::format("time window '{}': {}", text, e);
  }
  if (a.empty) a.value = 0;
  std::string ua = a.unit.empty() ? b.unit : a.unit, ub = b.unit.empty() ? a.unit : b.unit;
  if (ua.empty() && a.value != 0) {
    return fmt::format("time window '{}': give a unit (s, ms, us, ns, ps, cycles)", text);
  }
  if (ua.empty()) ua = "fs";
  TimeWindow w;
  if (auto e = to_fs(a, ua, period_fs, w.from_fs); !e.empty()) {
    return fmt::format("time window '{}': {}", text, e);
  }
  if (!b.empty) {
    if (ub.empty()) return fmt::format("time window '{}': give a unit (e.g. 0:20us)", text);
    if (auto e = to_fs(b, ub, period_fs, w.to_fs); !e.empty()) {
      return fmt::format("time window '{}': {}", text, e);
    }
  }
  if (w.to_fs <= w.from_fs) return fmt::format("time window '{}': T1 must be after T0", text);
  out = w;
  return {};
}

std::string parse_core_list(std::string_view text, std::set<int>& out) {
  std::set<int> cores;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(pos, comma - pos);
    int lo = 0, hi = 0;
    const size_t dash = item.find('-');
    std::string_view a = item.substr(0, dash), b = dash == item.npos ? a : item.substr(dash + 1);
    auto r1 = std::from_chars(a.data(), a.data() + a.size(), lo);
    auto r2 = std::from_chars(b.data(), b.data() + b.size(), hi);
    if (a.empty() || b.empty() || r1.ptr != a.data() + a.size() || r2.ptr != b.data() + b.size() ||
        lo < 0 || hi < lo || hi > 100000) {
      return fmt::format("core list '{}': expected numbers and ranges like 0,2-3", text);
    }
    for (int c = lo; c <= hi; ++c) cores.insert(c);
    pos = comma + 1;
  }
  out = std::move(cores);
  return {};
}

}  // namespace npu::model
