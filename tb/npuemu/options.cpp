// Shared command-line parsing (see options.h).
#include "npuemu/options.h"

#include <iostream>

#include <fmt/format.h>

#include "npuemu/cli.h"

namespace po = boost::program_options;

namespace npu::tb {

bool parse_options(int argc, char** argv, const po::options_description& opts, const char* cmd,
                   po::variables_map& vm) {
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) {
      std::cout << opts;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UserError(fmt::format("{}: {} (npuemu {} --help)", cmd, e.what(), cmd));
  }
  return true;
}

}  // namespace npu::tb
