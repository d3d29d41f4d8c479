// Shared pieces of the npuemu command line: exit codes (DESIGN section 10) and the user-error
// exception that the subcommands throw for bad input (caught once in main).
#pragma once

#include <stdexcept>
#include <string>

namespace npu::tb {

enum ExitCode : int { kExitOk = 0, kExitUser = 1, kExitFault = 2, kExitInternal = 3 };

struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int cmd_run(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_sweep(int argc, char** argv);
int cmd_asm(int argc, char** argv);
int cmd_disasm(int argc, char** argv);
int cmd_list_params(int argc, char** argv);

}  // namespace npu::tb
