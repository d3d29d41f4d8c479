// Child `npuemu run` processes, for commands that run many points (bench, sweep): SystemC
// elaborates once per process, so each point is its own process, read back from its JSON report.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace npu::tb {

std::string self_exe();

// Starts `npuemu run ARGS... --report REPORT` with stdout discarded and stderr to err_path
// (empty: inherited). Throws std::runtime_error when the process cannot start.
pid_t spawn_run(const std::vector<std::string>& args, const std::string& report,
                const std::string& err_path = {});

// Runs a point to completion and reads its report back; throws std::runtime_error naming the
// command when the child fails or writes no report.
nlohmann::json run_child(const std::vector<std::string>& args, const std::string& report);

// Starts ARGV (ARGV[0] a path) with stdout discarded and stderr to err_path (empty: inherited).
// Throws std::runtime_error when the process cannot start.
pid_t spawn_quiet(const std::vector<std::string>& argv, const std::string& err_path = {});

// The command line of a point, for messages.
std::string run_command_line(const std::vector<std::string>& args);

}  // namespace npu::tb
