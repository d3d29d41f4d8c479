// npuemu asm / disasm / --list-params.
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "asm/disassembler.h"
#include "asm/firmware_io.h"
#include "config/chip_config.h"
#include "npuemu/cli.h"

namespace npu::tb {

int cmd_asm(int argc, char** argv) {
  constexpr const char* kUsage = "npuemu asm IN.s -o OUT.fw [-I DIR]...";
  std::string in, out;
  as::AsmOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) {
      out = argv[++i];
    } else if (a == "-I" && i + 1 < argc) {
      options.include_dirs.emplace_back(argv[++i]);
    } else if (a.size() > 2 && a.rfind("-I", 0) == 0) {
      options.include_dirs.emplace_back(a.substr(2));
    } else if (!a.empty() && a[0] == '-') {
      throw UserError(fmt::format("asm: unknown option '{}' (usage: {})", a, kUsage));
    } else if (in.empty()) {
      in = a;
    } else {
      throw UserError("asm: more than one input file");
    }
  }
  if (in.empty() || out.empty()) throw UserError(fmt::format("asm: usage: {}", kUsage));
  as::AsmResult r = as::assemble_file(in, options);
  if (!r.image) {
    for (const std::string& d : r.diagnostics) std::cerr << d << "\n";
    return kExitUser;
  }
  if (std::string err = as::save_image_file(out, *r.image); !err.empty()) throw UserError(err);
  return kExitOk;
}

int cmd_disasm(int argc, char** argv) {
  if (argc != 2) throw UserError("disasm: usage: npuemu disasm IN.fw");
  as::LoadResult r = as::load_firmware(argv[1]);
  if (!r.image) {
    std::cerr << r.error << "\n";
    return kExitUser;
  }
  std::cout << as::disassemble(*r.image);
  return kExitOk;
}

int cmd_list_params(int argc, char** argv) {
  if (argc != 2) throw UserError("usage: npuemu --list-params CONFIG.yaml");
  config::LoadResult r = config::load_chip_config(argv[1]);
  if (!r.ok()) {
    for (const auto& e : r.errors) std::cerr << e.message << "\n";
    return kExitUser;
  }
  std::cout << fmt::format("{} ({})\n", r.config.name, r.config.description);
  std::cout << fmt::format("{:<34} {:>16}  {:<10} {}\n", "parameter", "value", "unit",
                           "description");
  for (const config::ParamInfo& p : config::list_params(r.config)) {
    std::cout << fmt::format("{:<34} {:>16}  {:<10} {}\n", p.path, p.value,
                             p.unit.empty() ? "-" : p.unit, p.description);
  }
  std::cout << "\nOverride any of them for one run with --set PATH=VALUE (value with its unit), "
               "or sweep them with npuemu sweep --param PATH=VALUES.\n";
  return kExitOk;
}

}  // namespace npu::tb
