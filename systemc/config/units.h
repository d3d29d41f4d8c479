// Values with units, as written in chip YAMLs: "1000 MHz", "1.2 TB/s", "64 KiB", "26 cycles".
// Each parameter has one dimension; parse_quantity converts a value to the dimension's canonical
// unit (Hz for frequency is not used: MHz is canonical; bytes; bytes/s; cycles; W) or explains why
// it cannot. Unitless dimensions (counts, ratios) take a bare number.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace npu::config {

enum class Dim { kCount, kRatio, kBytes, kCycles, kBytesPerCycle, kMhz, kBytesPerSecond, kWatts,
                 kMacsPerCycle, kVolts, kPjPerMac, kPjPerByte, kPjPerInstr, kMicroseconds };

std::string_view canonical_unit(Dim d);   // "", "", "B", "cycles", "B/cycle", "MHz", "B/s", ...
std::string_view example_value(Dim d);    // "64 KiB" ... for error messages

struct Quantity {
  std::optional<double> value;  // canonical unit
  std::string error;            // why not
};
Quantity parse_quantity(std::string_view text, Dim dim);

std::string format_quantity(double canonical_value, Dim dim);

}  // namespace npu::config
