// Unit parsing for chip YAML values (see units.h).
#include "config/units.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace npu::config {
namespace {

struct UnitRow {
  Dim dim;
  std::string_view name;
  double scale;  // to canonical
};

constexpr UnitRow kUnits[] = {
    {Dim::kBytes, "B", 1},
    {Dim::kBytes, "KiB", 1024.0},
    {Dim::kBytes, "MiB", 1024.0 * 1024},
    {Dim::kBytes, "GiB", 1024.0 * 1024 * 1024},
    {Dim::kBytes, "KB", 1e3},
    {Dim::kBytes, "MB", 1e6},
    {Dim::kBytes, "GB", 1e9},
    {Dim::kCycles, "cycles", 1},
    {Dim::kCycles, "cycle", 1},
    {Dim::kBytesPerCycle, "B/cycle", 1},
    {Dim::kMhz, "MHz", 1},
    {Dim::kMhz, "GHz", 1e3},
    {Dim::kBytesPerSecond, "B/s", 1},
    {Dim::kBytesPerSecond, "GB/s", 1e9},
    {Dim::kBytesPerSecond, "TB/s", 1e12},
    {Dim::kBytesPerSecond, "GiB/s", 1024.0 * 1024 * 1024},
    {Dim::kWatts, "W", 1},
    {Dim::kMacsPerCycle, "MAC/cycle", 1},
    {Dim::kVolts, "V", 1},
    {Dim::kVolts, "mV", 1e-3},
    {Dim::kPjPerMac, "pJ/MAC", 1},
    {Dim::kPjPerMac, "fJ/MAC", 1e-3},
    {Dim::kPjPerByte, "pJ/B", 1},
    {Dim::kPjPerByte, "pJ/bit", 8},
    {Dim::kPjPerInstr, "pJ/instr", 1},
    {Dim::kMicroseconds, "us", 1},
    {Dim::kMicroseconds, "ms", 1e3},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view canonical_unit(Dim d) {
  for (const UnitRow& u : kUnits) {
    if (u.dim == d && u.scale == 1) return u.name;
  }
  return "";
}

std::string_view example_value(Dim d) {
  switch (d) {
    case Dim::kCount: return "32";
    case Dim::kRatio: return "5";
    case Dim::kBytes: return "64 KiB";
    case Dim::kCycles: return "26 cycles";
    case Dim::kBytesPerCycle: return "256 B/cycle";
    case Dim::kMhz: return "1000 MHz";
    case Dim::kBytesPerSecond: return "1.2 TB/s";
    case Dim::kWatts: return "350 W";
    case Dim::kMacsPerCycle: return "4096 MAC/cycle";
    case Dim::kVolts: return "0.8 V";
    case Dim::kPjPerMac: return "0.3 pJ/MAC";
    case Dim::kPjPerByte: return "1.5 pJ/B";
    case Dim::kPjPerInstr: return "20 pJ/instr";
    case Dim::kMicroseconds: return "10 us";
  }
  return "";
}

Quantity parse_quantity(std::string_view text, Dim dim) {
  std::string_view s = trim(text);
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' ||
                          s[i] == 'e' || s[i] == 'E' || s[i] == '-' || s[i] == '+' || s[i] == '_')) {
    // stop an 'e' that starts a unit name (none of ours start with e), keep exponent syntax
    ++i;
  }
  std::string number;
  for (char c : s.substr(0, i)) {
    if (c != '_') number.push_back(c);
  }
  std::string_view unit = trim(s.substr(i));
  double v = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (number.empty() || ec != std::errc() || ptr != number.data() + number.size() ||
      !std::isfinite(v)) {
    return {std::nullopt, fmt::format("'{}' is not a number with a unit (expected e.g. '{}')",
                                      text, example_value(dim))};
  }
  if (dim == Dim::kCount || dim == Dim::kRatio) {
    if (!unit.empty()) {
      return {std::nullopt,
              fmt::format("'{}' takes a plain number, not a unit '{}'", text, unit)};
    }
    return {v, {}};
  }
  if (unit.empty()) {
    return {std::nullopt, fmt::format("'{}' needs a unit (expected e.g. '{}')", text,
                                      example_value(dim))};
  }
  for (const UnitRow& u : kUnits) {
    if (u.dim == dim && u.name == unit) {
      return {v * u.scale, {}};
    }
  }
  std::vector<std::string> names;
  for (const UnitRow& u : kUnits) {
    if (u.dim == dim) names.emplace_back(u.name);
  }
  return {std::nullopt, fmt::format("unit '{}' does not fit here; use one of: {}", unit,
                                    fmt::join(names, ", "))};
}

std::string format_quantity(double v, Dim dim) {
  std::string_view unit = canonical_unit(dim);
  if (dim == Dim::kBytesPerSecond) return fmt::format("{:g} GB/s", v / 1e9);
  if (dim == Dim::kBytes && v >= 1024 && std::fmod(v, 1024) == 0) {
    return std::fmod(v, 1024.0 * 1024) == 0 ? fmt::format("{:g} MiB", v / 1024 / 1024)
                                             : fmt::format("{:g} KiB", v / 1024);
  }
  return unit.empty() ? fmt::format("{:g}", v) : fmt::format("{:g} {}", v, unit);
}

}  // namespace npu::config
