// Internal: the per-family row lists that isa.cpp concatenates into the op tables.
#pragma once

#include <span>

#include "isa/isa.h"

namespace npu::isa {

std::span<const OpInfo> scalar_rows();          // shared scalar subset
std::span<const OpInfo> davinci_engine_rows();  // davinci_table.cpp
std::span<const OpInfo> tensorcore_engine_rows();  // tensorcore_table.cpp

}  // namespace npu::isa
