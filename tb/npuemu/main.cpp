// npuemu: the command line (DESIGN section 10). sc_main dispatches to one subcommand; every user
// error becomes one clear line on stderr and exit code 1, a firmware fault or failed check exit
// code 2, anything unexpected exit code 3.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#include <systemc>

#include "npuemu/cli.h"

namespace {

const char* kUsage =
    "usage: npuemu <command> [options]\n"
    "  run      simulate a kernel on a chip (npuemu run --help)\n"
    "  bench    the headline testbench (npuemu bench --help)\n"
    "  sweep    many runs over shapes and chip parameters into a CSV (npuemu sweep --help)\n"
    "  asm      assemble: npuemu asm IN.s -o OUT.fw [-I DIR]...\n"
    "  disasm   disassemble: npuemu disasm IN.fw\n"
    "  --list-params CONFIG.yaml   every chip parameter with its value, unit and description\n";

}  // namespace

int sc_main(int argc, char* argv[]) {
  using namespace npu::tb;
  // The model counts time in femtoseconds (common/clock.h); tell SystemC so that its own view of
  // time (VCD timestamps and timescale) agrees.
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::cout << kUsage;
    return argc < 2 ? kExitUser : kExitOk;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "run") return cmd_run(argc - 1, argv + 1);
    if (cmd == "bench") return cmd_bench(argc - 1, argv + 1);
    if (cmd == "sweep") return cmd_sweep(argc - 1, argv + 1);
    if (cmd == "asm") return cmd_asm(argc - 1, argv + 1);
    if (cmd == "disasm") return cmd_disasm(argc - 1, argv + 1);
    if (cmd == "--list-params") return cmd_list_params(argc - 1, argv + 1);
    std::cerr << "npuemu: error: unknown command '" << cmd << "'\n" << kUsage;
    return kExitUser;
  } catch (const UserError& e) {
    std::cerr << "npuemu: error: " << e.what() << "\n";
    return kExitUser;
  } catch (const std::exception& e) {
    std::cerr << "npuemu: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

// Our own main (it takes precedence over libsystemc's): silence the SystemC banner, which is
// printed before sc_main runs, so stdout carries only npuemu's own output.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
