// Assembler diagnostics: one id per kind of user error, printed as `FILE:LINE:COL: error: MESSAGE`.
//
// Every id has a golden test tests/asm/bad/<diag_name(id)>_bad.s (+ .err); the test suite checks
// that each id in this enum is produced by its file, so adding an id without a test fails the
// build's tests. Lines and columns are 1-based byte positions (a tab counts as one column).
// File-level errors with no token (missing .kernel, empty program) are reported at 1:1 (line 0
// while collecting: they sort with line 1). A diagnostic inside an included file or a macro
// expansion names that file and line and adds a note per include/invocation around it. I/O
// failures (file cannot be read) are not diagnostics of the source and have no id.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace npu::as {

enum class DiagId : uint8_t {
  // lexical and expression errors
  kUnexpectedChar,
  kBadNumber,
  kBadExpression,
  kDivisionByZero,
  kBadShift,
  kSyntax,
  // directives
  kUnknownDirective,
  kMissingTarget,
  kTargetNotFirst,
  kDuplicateTarget,
  kUnknownTarget,
  kMissingKernel,
  kDuplicateKernel,
  kDuplicateParam,
  kBadParamType,
  kDuplicateEqu,
  kReservedName,
  kUndefinedConstant,
  kBadCtaResource,
  kDuplicateCtaResource,
  kConflictingCtaResource,
  // instructions and operands
  kUnknownInstruction,
  kOperandCount,
  kOperandKind,
  kBadRegister,
  kImmRange,
  kUndefinedParam,
  kUnknownPipe,
  kFlagRange,
  kUnknownSpecial,
  kBadMemOperand,
  // labels and whole-program checks
  kDuplicateLabel,
  kUndefinedLabel,
  kTargetPastEnd,
  kEmptyProgram,
  kFallThrough,
  // .include and .macro (preprocess.h)
  kIncludeNotFound,
  kIncludeCycle,  // a file including itself, or includes nested past kMaxIncludeDepth
  kIncludeTarget,
  kIncludeKernel,
  kUnterminatedMacro,
  kDuplicateMacro,
  kMacroArgs,   // argument count, unknown/missing/repeated argument, unknown \PARAM
  kMacroDepth,  // recursion, nesting past kMaxMacroDepth, or an expansion past the stream limits
  kStrayEndm,   // .endm / .exitm outside a macro
  kCount
};
inline constexpr int kNumDiagIds = static_cast<int>(DiagId::kCount);

// snake_case name of an id ("undefined_label"); it names the id's golden test file.
std::string_view diag_name(DiagId id);

struct Diagnostic {
  DiagId id;
  int line;
  int col;
  std::string message;
  std::string file = {};                // the included file it is in; empty: the main source
  std::vector<std::string> notes = {};  // "FILE:LINE: note: ..." per include/macro around it
};

// `FILE:LINE:COL: error: MESSAGE`, then one line per note. file is the main source's name.
std::string format_diagnostic(std::string_view file, const Diagnostic& d);

// Collects diagnostics in the order they are found; sorted() returns them in source order.
class DiagList {
 public:
  void error(DiagId id, int line, int col, std::string message);
  bool empty() const { return m_diags.empty(); }
  std::vector<Diagnostic> sorted() const;

 private:
  // STATE
  std::vector<Diagnostic> m_diags;
};

// Quote a lexeme for a message: printable text as-is, other bytes as \xNN.
std::string quote(std::string_view text);

}  // namespace npu::as
