// Catch2 runner for the pure C++ test layers (no SystemC). Compiled once, as an OBJECT library.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
