// Reading a VCD's declarations in the kernel tests: each variable's id and its dotted name below
// SystemC's top scope ("core0.M.busy", "chip.power_w", "sm1.TMA.queue").
#pragma once

#include <istream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace npu::test {

struct VcdVar {
  std::string id, type, name;
};

// Reads up to $enddefinitions; `in` is then at the value changes.
inline std::vector<VcdVar> read_vcd_vars(std::istream& in) {
  std::vector<VcdVar> out;
  std::vector<std::string> scopes;
  for (std::string line;
       std::getline(in, line) && line.find("$enddefinitions") == std::string::npos;) {
    std::istringstream ls(line);
    std::string tok;
    ls >> tok;
    if (tok == "$scope") {
      std::string kind, name;
      ls >> kind >> name;
      scopes.push_back(name);
    } else if (tok == "$upscope" && !scopes.empty()) {
      scopes.pop_back();
    } else if (tok == "$var") {
      VcdVar v;
      std::string width;
      ls >> v.type >> width >> v.id >> v.name;
      std::string full;
      for (size_t i = 1; i < scopes.size(); ++i) full += scopes[i] + ".";
      v.name = full + v.name;
      out.push_back(v);
    }
  }
  return out;
}

}  // namespace npu::test
