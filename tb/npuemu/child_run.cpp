// Child npuemu processes (see child_run.h).
#include "npuemu/child_run.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace npu::tb {

std::string self_exe() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

pid_t spawn_run(const std::vector<std::string>& args, const std::string& report,
                const std::string& err_path) {
  std::vector<std::string> argv_s = {self_exe(), "run"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  argv_s.push_back("--report");
  argv_s.push_back(report);
  return spawn_quiet(argv_s, err_path);
}

pid_t spawn_quiet(const std::vector<std::string>& argv_s, const std::string& err_path) {
  std::vector<std::string> args = argv_s;
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  if (!err_path.empty()) {
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_s[0]);
  return pid;
}

nlohmann::json run_child(const std::vector<std::string>& args, const std::string& report) {
  const pid_t pid = spawn_run(args, report);
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream in(report);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !in) {
    throw std::runtime_error("child run failed: " + run_command_line(args));
  }
  return nlohmann::json::parse(in);
}

std::string run_command_line(const std::vector<std::string>& args) {
  std::string cmd = "npuemu run";
  for (const auto& s : args) cmd += " " + s;
  return cmd;
}

}  // namespace npu::tb
