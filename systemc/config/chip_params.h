// The parameter table: every numeric chip parameter, its YAML path, unit, description and range.
// One table serves the loader (checking), --list-params (printing) and set_param (overrides).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <variant>

#include "config/chip_config.h"
#include "config/units.h"

namespace npu::config {

using NumRef = std::variant<double*, uint64_t*, uint32_t*>;

struct ParamSpec {
  const char* path;  // dotted YAML path, e.g. "core.mte2.head"
  Dim dim;
  const char* description;
  double min;
  double max;
  bool integer;
  std::function<NumRef(ChipConfig&)> ref;
};

std::span<const ParamSpec> param_specs();
// Whether a parameter belongs to chips of this family: "core.*" are DaVinci core parameters,
// "sm.*" tensor-core SM parameters, everything else is shared.
bool param_applies(const ParamSpec& spec, isa::Family family);
const ParamSpec* find_param(const std::string& path);

double get_value(const ParamSpec& spec, ChipConfig& cfg);
void set_value(const ParamSpec& spec, ChipConfig& cfg, double v);

}  // namespace npu::config
