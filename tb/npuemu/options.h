// Command-line parsing shared by the subcommands: Boost.ProgramOptions with --help and one
// UserError line per mistake.
#pragma once

#include <boost/program_options.hpp>

namespace npu::tb {

// Parses argv into vm; prints the options and returns false on --help; throws UserError
// ("CMD: what (npuemu CMD --help)") on a bad command line.
bool parse_options(int argc, char** argv, const boost::program_options::options_description& opts,
                   const char* cmd, boost::program_options::variables_map& vm);

}  // namespace npu::tb
