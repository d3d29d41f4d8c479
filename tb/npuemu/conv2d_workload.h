// The conv2d workload: NHWC FP16 input X, KRSC FP16 weights W, NHWC output Y (FP16, or FP32 with
// --out-dtype fp32), checked bit for bit against the direct-convolution golden
// (tb/util/golden_conv.h states the numerics contract, including the img2col k order).
//
// Binds the kernel parameters X, WT, Y, N, H, W, C, K, R, S, STRIDE, PAD and the host tiling data
// of conv2d_fp16.s: TILE_M (output pixels per tile), TILE_N (output channels per tile) and
// TILE_OH (output rows per band), chosen from the chip's buffers: a band's input rows must fit
// L1 [0, 256 KiB) and the weights of a channel tile (R*S*ceil16(C) x TILE_N) the rest of L1;
// bands are made smaller still when there would be fewer work units than cores.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chip/chip.h"
#include "config/chip_config.h"
#include "npuemu/gemm_workload.h"
#include "util/golden_conv.h"

namespace npu::tb {

struct ConvSpec {
  ConvShape shape;
  std::string out_dtype = "fp16";  // fp16 | fp32
  uint64_t seed = 1;
  bool edges = true;
  std::string input_x, input_w;  // .npy paths, or empty for random
};

// "N=1,H=8,W=8,C=16,K=32,R=3,S=3,STRIDE=1,PAD=1" (STRIDE defaults to 1, PAD to 0).
void parse_conv_shape(const std::string& text, ConvSpec& spec);

class Conv2dWorkload {
 public:
  Conv2dWorkload(ConvSpec spec, model::Chip& chip, const config::ChipConfig& cfg, bool timing_only);
  CheckOutcome check();
  std::string save_output(const std::string& path);
  // The convolution's own multiply-adds x 2 (padding and channel padding not counted).
  double ops() const;
  double min_bytes() const;  // X and W read, Y written once
  // The GEMM it is computed as: M = N*OH*OW, N = K, K = R*S*C.
  uint64_t gemm_m() const, gemm_n() const, gemm_k() const;

 private:
  size_t y_elems() const;
  ConvSpec m_spec;
  model::Chip& m_chip;
  uint64_t m_x = 0, m_w = 0, m_y = 0;
  std::vector<uint16_t> m_host_x, m_host_w;
};

}  // namespace npu::tb
