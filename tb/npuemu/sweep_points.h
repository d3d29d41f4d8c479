// The points of a sweep: the cartesian product of architectures, kernels, shapes and chip
// parameter values, from ranges on the command line or rows of a YAML/CSV file.
//
// Range syntax (--shapes, --param values): items joined by ',' (shapes) each KEY=VALUES, where
// VALUES is "a", "a|b|c", "a:b:+s" (a, a+s, ... <= b) or "a:b:*f" (a, a*f, ... <= b); a trailing
// unit on b or s applies to all ("600:1000:+100MHz"); "M=N=K=..." ties keys together (square).
// A file (.csv with a header row, or .yaml: a list of maps) gives one point per row; its columns
// are M, N, K, arch, kernel and chip parameter paths (anything with a '.').
#pragma once

#include <map>
#include <string>
#include <vector>

namespace npu::tb {

struct SweepPoint {
  std::string arch, kernel;
  std::map<std::string, std::string> shape;   // M, N, K
  std::map<std::string, std::string> params;  // chip parameter path -> value with unit
  // Identity for resuming: every input that makes the point, in a fixed order.
  std::string key() const;
  std::string shape_arg() const;  // "M=..,N=..,K=.."
};

struct SweepSpec {
  std::vector<std::string> archs, kernels;
  std::string shapes;                    // range text or a .csv/.yaml file
  std::vector<std::string> param_specs;  // "path=VALUES"
};

// Expands VALUES (see above); throws UserError on bad syntax or more than 100000 values.
std::vector<std::string> expand_values(const std::string& spec);
// Throws UserError.
std::vector<SweepPoint> enumerate_points(const SweepSpec& spec);

}  // namespace npu::tb
