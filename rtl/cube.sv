// The DaVinci cube: a 16 x 16 array of MAC chains that takes one fractal per cycle, FP16
// (16 x 16 x 16, FP32 accumulation) or INT8 (16 x 32 x 16, INT32 accumulation with wrap-around),
// and computes C[i][j] = acc + sum over k of A[i][k] * B[k][j] with every add rounded in
// ascending k order (numerics contract, DESIGN section 6; arithmetic in cube_fp.sv).
//
// Ports carry whole fractals in the buffers' own layouts: in_a is an L0A fractal (row i's c0
// elements at bits [(i*c0 + k)*w +: w]), in_b an L0B fractal (n-major: [(j*c0 + k)*w +: w]),
// in_c / out_c a 16 x 16 L0C block of 32-bit words ([(i*16 + j)*32 +: 32]); c0 = 16 (FP16) or 32
// (INT8), w = 16 or 8. Per fractal: in_kcnt is the number of valid k lanes (1..c0; lanes at and
// above it are not added, as the model never reads K padding), in_acc selects the chain's start:
// kAccIn (in_c, the L0C value), kAccZero (+0, an init MMAD) or kAccChain (the result of the
// previous fractal, for the next K step of the same output block), and in_last asks for the
// result on out_c. Fractals without in_last produce no output beat.
//
// Pipeline, one fractal per cycle, 6 register stages from input to output (a fractal accepted in
// cycle t is on out_c in cycle t + 6, so an MMAD of F fractals into an idle cube takes F + 6
// cycles, the YAML's cube.head = 6 and 4096 MAC/cycle):
//   S1 operand latch   S2 widen (FP16 -> FP32, INT8 -> INT16)   S3 multiply (exact products;
//   INT8 ones summed by an adder tree)   S4 accumulate (the k chain in ascending k for FP16,
//   seeded by in_c / +0 / the previous S4 result; + the S3 sum for INT8)   S5 - S6 result
//   path to L0C. The whole k chain of a fractal sits in S4 so that back-to-back K steps of one
//   output block chain without a bubble. Flow control: one global stall while an output beat
//   waits (out_valid && !out_ready); in_ready is its inverse.
//
// Data path widths: a fractal row (A) or column (B) is 256 bits in either dtype (16 x FP16 or 32 x
// INT8) and 512 bits once widened (16 x FP32 or 32 x INT16); each of the 256 MAC chains registers
// 512 bits in S3 (16 FP32 products, or its INT8 sum in the low word). Structure chosen for speed
// (Verilator, DESIGN section 12): per row / chain work is one function call (cube_fp), stages move
// as whole packed vectors, and each stage's next-state logic only computes when the stage before
// it holds a valid fractal (otherwise it holds its register: an idle stage does no work).
module cube #(
    parameter int ROWS = 16,   // M of a fractal
    parameter int COLS = 16    // N of a fractal
) (
    input  logic                        clk,
    input  logic                        rst_n,
    input  logic                        in_valid,
    output logic                        in_ready,
    input  logic                        in_int8,
    input  logic [1:0]                  in_acc,
    input  logic [5:0]                  in_kcnt,
    input  logic                        in_last,
    input  logic [ROWS*256-1:0]         in_a,
    input  logic [COLS*256-1:0]         in_b,
    input  logic [ROWS*COLS*32-1:0]     in_c,
    output logic                        out_valid,
    input  logic                        out_ready,
    output logic [ROWS*COLS*32-1:0]     out_c
);
  import cube_fp::*;

  localparam logic [1:0] kAccIn = 2'd0;
  localparam logic [1:0] kAccZero = 2'd1;
  localparam logic [1:0] kAccChain = 2'd2;
  localparam int CW = ROWS * COLS;  // MAC chains = accumulators of a block (a multiple of NCH)

  typedef struct packed {
    logic int8;
    logic [1:0] acc;
    logic [5:0] kcnt;
    logic last;
  } ctl_t;

  logic en;
  assign en = !(out_valid && !out_ready);
  assign in_ready = en;

  // S1: operand latch.
  logic s1_valid;
  ctl_t s1_ctl;
  logic [ROWS-1:0][255:0] s1_a;
  logic [COLS-1:0][255:0] s1_b;
  logic [CW-1:0][31:0] s1_c;
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) s1_valid <= 1'b0;
    else if (en) s1_valid <= in_valid;
  end
  always_ff @(posedge clk) begin
    if (en && in_valid) begin
      s1_ctl <= '{int8: in_int8, acc: in_acc, kcnt: in_kcnt, last: in_last};
      s1_a <= in_a;
      s1_b <= in_b;
      if (in_acc == kAccIn) s1_c <= in_c;
    end
  end

  // S2: widen the operands (exact); b is kept n-major like L0B.
  logic s2_valid;
  ctl_t s2_ctl;
  logic [ROWS-1:0][511:0] s2_a;
  logic [COLS-1:0][511:0] s2_b;
  logic [CW-1:0][31:0] s2_c;
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) s2_valid <= 1'b0;
    else if (en) s2_valid <= s1_valid;
  end
  // Each stage's loop fills a next-state vector in always_comb; the register takes it whole.
  logic [ROWS-1:0][511:0] a_w;
  logic [COLS-1:0][511:0] b_w;
  always_comb begin
    a_w = s2_a;
    b_w = s2_b;
    if (s1_valid) begin
      for (int i = 0; i < ROWS; i++) widen_row(s1_ctl.int8, s1_a[i], a_w[i]);
      for (int j = 0; j < COLS; j++) widen_row(s1_ctl.int8, s1_b[j], b_w[j]);
    end
  end
  always_ff @(posedge clk) begin
    if (en && s1_valid) begin
      s2_ctl <= s1_ctl;
      s2_c <= s1_c;
      s2_a <= a_w;
      s2_b <= b_w;
    end
  end

  // S3: products, exact (FP16 x FP16 in FP32; INT8 ones summed), chain i*COLS + j.
  logic s3_valid;
  ctl_t s3_ctl;
  logic [CW-1:0][511:0] s3_p;
  logic [CW-1:0][31:0] s3_c;
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) s3_valid <= 1'b0;
    else if (en) s3_valid <= s2_valid;
  end
  logic [CW-1:0][511:0] p_w;
  always_comb begin
    p_w = s3_p;
    if (s2_valid) begin
      for (int c = 0; c < CW; c++) begin
        products(s2_ctl.int8, s2_ctl.kcnt, s2_a[c/COLS], s2_b[c%COLS], p_w[c]);
      end
    end
  end
  always_ff @(posedge clk) begin
    if (en && s2_valid) begin
      s3_ctl <= s2_ctl;
      s3_c <= s2_c;
      s3_p <= p_w;
    end
  end

  // S4: accumulate in ascending k; s4_acc also feeds the next fractal's chain.
  logic s4_valid;
  logic [CW-1:0][31:0] s4_acc;
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) s4_valid <= 1'b0;
    else if (en) s4_valid <= s3_valid && s3_ctl.last;
  end
  logic [CW-1:0][31:0] acc_w;
  always_comb begin
    acc_w = s4_acc;
    if (s3_valid) begin
      for (int c = 0; c < CW; c += NCH) begin
        logic [NCH-1:0][31:0] seed;
        case (s3_ctl.acc)
          kAccIn: seed = s3_c[c+:NCH];
          kAccChain: seed = s4_acc[c+:NCH];
          kAccZero: seed = '0;
          default: seed = '0;
        endcase
        accumulate(s3_ctl.int8, s3_ctl.kcnt, seed, s3_p[c+:NCH], acc_w[c+:NCH]);
      end
    end
  end
  always_ff @(posedge clk) begin
    if (en && s3_valid) s4_acc <= acc_w;
  end

  // S5, S6: result path toward L0C (only fractals that asked for their result).
  logic s5_valid;
  logic [CW-1:0][31:0] s5_c;
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      s5_valid <= 1'b0;
      out_valid <= 1'b0;
    end else if (en) begin
      s5_valid <= s4_valid;
      out_valid <= s5_valid;
    end
  end
  always_ff @(posedge clk) begin
    if (en && s4_valid) s5_c <= s4_acc;
    if (en && s5_valid) out_c <= s5_c;
  end

endmodule
