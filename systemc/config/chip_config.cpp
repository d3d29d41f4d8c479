// Loading and checking chip YAMLs (see chip_config.h). Every leaf of the YAML must be a known
// parameter; every parameter must be present; values carry units; ranges and combinations are
// checked once here, so the model can trust its config.
#include "config/chip_config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "config/chip_params.h"

namespace npu::config {
namespace {

// The power section is optional as a whole (a chip without one reports power as null); once
// any power.* key is given, every power parameter is required.
bool is_power_param(std::string_view path) {
  return path.starts_with("power.") || path.find(".energy.") != std::string_view::npos;
}

const std::set<std::string> kStringKeys = {"chip.name", "chip.description", "chip.family",
                                           "core.organisation"};

struct Loader {
  std::string file;
  ChipConfig cfg;
  std::vector<ConfigError> errors;
  std::map<std::string, YAML::Mark> seen;  // every leaf key read, with where its value is

  void error(const YAML::Mark& mark, const std::string& msg) {
    if (mark.line >= 0) {
      errors.push_back({fmt::format("{}:{}:{}: {}", file, mark.line + 1, mark.column + 1, msg)});
    } else {
      errors.push_back({fmt::format("{}: {}", file, msg)});
    }
  }

  void walk(const YAML::Node& node, const std::string& prefix) {
    if (!node.IsMap()) {
      error(node.Mark(), fmt::format("'{}' must be a mapping of keys", prefix.empty() ? "<top>" : prefix));
      return;
    }
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      std::string path = prefix.empty() ? key : prefix + "." + key;
      const YAML::Node& v = kv.second;
      if (v.IsMap()) {
        walk(v, path);
        continue;
      }
      if (!v.IsScalar()) {
        error(v.Mark(), fmt::format("{}: expected a single value", path));
        continue;
      }
      if (!seen.emplace(path, v.Mark()).second) {
        error(kv.first.Mark(), fmt::format("duplicate key '{}'", path));
        continue;
      }
      std::string text = v.as<std::string>();
      if (kStringKeys.count(path) && path.starts_with("core.") &&
          cfg.family == isa::Family::kTensorCore) {
        error(kv.first.Mark(), fmt::format("'{}' is not a parameter of a tensorcore chip (chip.family)", path));
        continue;
      }
      if (kStringKeys.count(path)) {
        set_string(path, text, v.Mark());
        continue;
      }
      const ParamSpec* spec = find_param(path);
      if (spec == nullptr) {
        error(kv.first.Mark(), fmt::format("unknown key '{}' (npuemu --list-params lists them)", path));
        continue;
      }
      Quantity q = parse_quantity(text, spec->dim);
      if (!q.value) {
        error(v.Mark(), fmt::format("{}: {}", path, q.error));
        continue;
      }
      double val = *q.value;
      if (val < spec->min || val > spec->max) {
        error(v.Mark(), fmt::format("{}: {} is out of range [{}, {}]", path, text,
                                    format_quantity(spec->min, spec->dim),
                                    format_quantity(spec->max, spec->dim)));
        continue;
      }
      if (spec->integer && std::floor(val) != val) {
        error(v.Mark(), fmt::format("{}: {} must be a whole number of {}", path, text,
                                    canonical_unit(spec->dim).empty() ? "units" : canonical_unit(spec->dim)));
        continue;
      }
      if (!param_applies(*spec, cfg.family)) {
        error(kv.first.Mark(), fmt::format("'{}' is not a parameter of a {} chip (chip.family)",
                                           path, family_name(cfg.family)));
        continue;
      }
      set_value(*spec, cfg, val);
    }
  }

  static const char* family_name(isa::Family f) {
    return f == isa::Family::kTensorCore ? "tensorcore" : "davinci";
  }

  // chip.family decides which parameters a file must (and may) have, so read it first.
  void read_family(const YAML::Node& root) {
    if (!root.IsMap() || !root["chip"] || !root["chip"].IsMap()) return;
    const YAML::Node f = root["chip"]["family"];
    if (f && f.IsScalar()) set_string("chip.family", f.as<std::string>(), f.Mark());
  }

  void set_string(const std::string& path, const std::string& text, const YAML::Mark& mark) {
    if (path == "chip.name") {
      cfg.name = text;
    } else if (path == "chip.description") {
      cfg.description = text;
    } else if (path == "core.organisation") {
      if (text == "coupled") cfg.core.organisation = CoreOrganisation::kCoupled;
      else if (text == "split") cfg.core.organisation = CoreOrganisation::kSplit;
      else error(mark, fmt::format("core.organisation: '{}' is not coupled or split", text));
    } else if (text == "davinci") {
      cfg.family = isa::Family::kDaVinci;
    } else if (text == "tensorcore") {
      cfg.family = isa::Family::kTensorCore;
    } else {
      error(mark, fmt::format("chip.family: '{}' is not a chip family (davinci, tensorcore)", text));
    }
  }

  void check_complete() {
    for (const std::string& k : kStringKeys) {
      if (cfg.family == isa::Family::kTensorCore && k.starts_with("core.")) continue;
      if (!seen.count(k)) errors.push_back({fmt::format("{}: missing key '{}'", file, k)});
    }
    cfg.power.present = std::any_of(seen.begin(), seen.end(),
                                    [](const auto& kv) { return kv.first.starts_with("power."); });
    for (const ParamSpec& s : param_specs()) {
      if (!cfg.power.present && is_power_param(s.path)) continue;
      if (!seen.count(s.path) && param_applies(s, cfg.family)) {
        errors.push_back({fmt::format("{}: missing key '{}' ({}, e.g. '{}')", file, s.path,
                                      s.description, example_value(s.dim))});
      }
    }
  }

  // An error about a value that was read: file:line:col of the value, then the key.
  void key_error(const std::string& path, const std::string& msg) {
    auto it = seen.find(path);
    error(it != seen.end() ? it->second : YAML::Mark::null_mark(),
          fmt::format("{}: {}", path, msg));
  }

  void check_combinations() {
    auto pow2 = [](uint64_t v) { return v != 0 && (v & (v - 1)) == 0; };
    check_memory(pow2);
    if (cfg.family == isa::Family::kTensorCore) {
      const std::pair<const char*, const BufferConfig*> sm_bufs[] = {{"smem", &cfg.sm.smem},
                                                                     {"rf", &cfg.sm.rf}};
      check_buffers("sm", sm_bufs, pow2);
      if (cfg.sm.smem_reserved_per_cta >= cfg.sm.smem.bytes) {
        key_error("sm.smem.reserved_per_cta",
                  fmt::format("must be smaller than sm.smem.size ({} B)", cfg.sm.smem.bytes));
      }
      return;
    }
    const DaVinciCoreConfig& c = cfg.core;
    const std::pair<const char*, const BufferConfig*> bufs[] = {
        {"l1", &c.l1}, {"l0a", &c.l0a}, {"l0b", &c.l0b}, {"l0c", &c.l0c},
        {"ub", &c.ub}, {"bt", &c.bt},   {"fb", &c.fb}};
    check_buffers("core", bufs, pow2);
    const UbBankConfig& ubb = c.ub_banks;
    if (ubb.banks % ubb.groups != 0 || ubb.banks * ubb.bank_bytes != c.ub.bytes ||
        ubb.bank_bytes % 32 != 0) {
      key_error("core.ub.banks",
                fmt::format("core.ub.banks x core.ub.bank_size must equal core.ub.size ({} B), the "
                            "banks must split evenly into core.ub.bank_groups and a bank must hold "
                            "whole 32 B rows",
                            c.ub.bytes));
    }
    const bool split = c.organisation == CoreOrganisation::kSplit;
    if (split && c.aivs == 0) {
      errors.push_back({fmt::format("{}: core.aivs: a split core needs at least one AIV", file)});
    } else if (!split && c.aivs != 0) {
      errors.push_back(
          {fmt::format("{}: core.aivs: {} but a coupled core has no AIVs (use 0)", file, c.aivs)});
    }
    if (c.l0a.bytes < 512 || c.l0b.bytes < 512) {
      key_error(c.l0a.bytes < 512 ? "core.l0a.size" : "core.l0b.size",
                "L0A/L0B must hold at least one 512 B fractal");
    }
    check_power();
  }

  void check_power() {
    const PowerConfig& p = cfg.power;
    if (!p.present) return;
    if (p.min_freq_mhz >= cfg.freq_mhz) {
      errors.push_back({fmt::format("{}: power.vf.min_freq must be below chip.freq", file)});
    }
    if (p.min_volt > p.max_volt) {
      errors.push_back({fmt::format("{}: power.vf.min_volt is above power.vf.max_volt", file)});
    }
  }

  template <typename Pow2>
  void check_buffers(const char* prefix, std::span<const std::pair<const char*, const BufferConfig*>> bufs,
                     Pow2 pow2) {
    for (auto [name, b] : bufs) {
      if (!pow2(b->align)) {
        key_error(fmt::format("{}.{}.align", prefix, name),
                  fmt::format("{} is not a power of two", b->align));
      } else if (b->bytes % b->align != 0) {
        key_error(fmt::format("{}.{}.size", prefix, name),
                  fmt::format("{} is not a multiple of its alignment {}", b->bytes, b->align));
      }
    }
  }

  template <typename Pow2>
  void check_memory(Pow2 pow2) {
    const MemoryConfig& m = cfg.memory;
    if (!pow2(m.burst_bytes)) {
      errors.push_back({fmt::format("{}: memory.burst: {} is not a power of two", file, m.burst_bytes)});
    }
    if (!pow2(m.l2_line_bytes)) {
      key_error("memory.l2.line", fmt::format("{} is not a power of two", m.l2_line_bytes));
    } else if (m.l2_bytes % (static_cast<uint64_t>(m.l2_line_bytes) * m.l2_ways) != 0) {
      key_error("memory.l2.size",
                fmt::format("{} is not a whole number of sets ({} B lines x {} ways)", m.l2_bytes,
                            m.l2_line_bytes, m.l2_ways));
    }
    if (!pow2(m.burst_bytes)) {
      key_error("memory.burst", fmt::format("{} is not a power of two", m.burst_bytes));
    }
  }
};

LoadResult load(const std::string& text, const std::string& name) {
  Loader ld;
  ld.file = name;
  ld.cfg.source_path = name;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsDefined() || root.IsNull()) {
      ld.errors.push_back({fmt::format("{}: empty chip config", name)});
    } else {
      ld.read_family(root);
      ld.walk(root, "");
      if (ld.errors.empty()) ld.check_complete();
      if (ld.errors.empty()) ld.check_combinations();
    }
  } catch (const YAML::Exception& e) {
    ld.error(e.mark, fmt::format("YAML syntax error: {}", e.msg));
  }
  return {ld.cfg, ld.errors};
}

}  // namespace

LoadResult load_chip_config_text(const std::string& text, const std::string& display_name) {
  return load(text, display_name);
}

LoadResult load_chip_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult r;
    r.errors.push_back({fmt::format("{}: cannot open chip config", path)});
    return r;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return load(ss.str(), path);
}

std::string set_param(ChipConfig& cfg, const std::string& path, const std::string& value) {
  const ParamSpec* spec = find_param(path);
  if (spec == nullptr) return fmt::format("unknown parameter '{}'", path);
  Quantity q = parse_quantity(value, spec->dim);
  if (!q.value) return fmt::format("{}: {}", path, q.error);
  if (*q.value < spec->min || *q.value > spec->max) {
    return fmt::format("{}: {} is out of range", path, value);
  }
  set_value(*spec, cfg, *q.value);
  return {};
}

std::vector<ParamInfo> list_params(const ChipConfig& cfg_in) {
  ChipConfig cfg = cfg_in;
  std::vector<ParamInfo> out;
  // The two choices that are words, not quantities (chip.name and chip.description label it).
  const bool tc = cfg.family == isa::Family::kTensorCore;
  out.push_back({"chip.family", "", "ISA and core model: davinci (AI cores) or tensorcore (SMs)",
                 tc ? "tensorcore" : "davinci"});
  if (!tc) {
    const bool split = cfg.core.organisation == CoreOrganisation::kSplit;
    out.push_back({"core.organisation", "",
                   "coupled (one core runs every pipe) or split (an AIC and core.aivs AIVs)",
                   split ? "split" : "coupled"});
  }
  for (const ParamSpec& s : param_specs()) {
    if (!param_applies(s, cfg.family)) continue;
    if (!cfg.power.present && is_power_param(s.path)) continue;  // no power model: none of these
    out.push_back({s.path, std::string(canonical_unit(s.dim)), s.description,
                   format_quantity(get_value(s, cfg), s.dim)});
  }
  return out;
}

}  // namespace npu::config
