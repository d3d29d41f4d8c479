// The preprocessor (see preprocess.h): one pass over lines, recursive for included files and
// macro expansions; every line it visits goes into the stream (consumed ones empty).
// Deliberately ignores tokens beyond a line's labels and first word: operands are the lexer's.
#include "asm/preprocess.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>

#include "asm/lexer.h"
#include "isa/isa.h"

namespace npu::as {
namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}
bool param_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && blank(s[i])) ++i;
  return i;
}

// The code part of a line: up to a '#' or '//' comment outside a "string".
std::string_view code_part(std::string_view line) {
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') {
      in_string = !in_string;
    } else if (!in_string && (line[i] == '#' || line.substr(i, 2) == "//")) {
      return line.substr(0, i);
    }
  }
  return line;
}

// A line's leading labels ("a: b:") and the word after them (a directive or an identifier).
struct Head {
  size_t labels_end = 0;  // code[0, labels_end) holds the labels
  std::string_view word;
  size_t word_at = 0;
  size_t rest_at = 0;  // just after the word
  bool directive() const { return !word.empty() && word[0] == '.'; }
};

Head parse_head(std::string_view code) {
  Head h;
  size_t i = skip_blanks(code, 0);
  while (true) {
    size_t start = i;
    bool dot = i < code.size() && code[i] == '.';
    size_t j = dot ? i + 1 : i;
    if (j >= code.size() || !ident_start(code[j])) {
      return h;
    }
    while (j < code.size() && ident_char(code[j])) ++j;
    size_t after = skip_blanks(code, j);
    if (!dot && after < code.size() && code[after] == ':') {
      h.labels_end = after + 1;
      i = skip_blanks(code, after + 1);
      continue;
    }
    h.word = code.substr(start, j - start);
    h.word_at = start;
    h.rest_at = j;
    return h;
  }
}

// Splits at commas outside brackets and parentheses; a blank text gives no pieces.
struct Piece {
  std::string_view text;  // trimmed
  size_t at;              // position in the split text
};
std::vector<Piece> split_commas(std::string_view s) {
  std::vector<Piece> out;
  if (trim(s).empty()) {
    return out;
  }
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || (s[i] == ',' && depth == 0)) {
      std::string_view raw = s.substr(start, i - start);
      size_t lead = skip_blanks(raw, 0);
      out.push_back({trim(raw), start + lead});
      start = i + 1;
    } else if (s[i] == '[' || s[i] == '(') {
      ++depth;
    } else if ((s[i] == ']' || s[i] == ')') && depth > 0) {
      --depth;
    }
  }
  return out;
}

// `NAME = VALUE` -> NAME (a parameter-name spelling before '='); empty otherwise.
std::string_view named_arg(std::string_view piece) {
  size_t i = 0;
  while (i < piece.size() && param_char(piece[i])) ++i;
  size_t eq = skip_blanks(piece, i);
  if (i == 0 || !ident_start(piece[0]) || eq >= piece.size() || piece[eq] != '=') {
    return {};
  }
  return piece.substr(0, i);
}

struct RawLine {
  std::string text;
  int file;
  int line;
};

struct MacroParam {
  std::string name;
  std::optional<std::string> default_value;
};
struct Macro {
  std::vector<MacroParam> params;
  std::vector<RawLine> body;
  int file;
  int line;
};

std::vector<RawLine> split_lines(std::string_view text, int file) {
  std::vector<RawLine> out;
  size_t start = 0;
  int no = 1;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back({std::string(text.substr(start, end - start)), file, no++});
    start = end + 1;
  }
  return out;
}

bool is_mnemonic(std::string_view name) {
  return isa::find_op(isa::Family::kDaVinci, name) != nullptr ||
         isa::find_op(isa::Family::kTensorCore, name) != nullptr;
}

class Preprocessor {
 public:
  Preprocessor(std::string_view display_name, const AsmOptions& options) : m_options(options) {
    std::filesystem::path main_path =
        options.source_dir / std::filesystem::path(display_name).filename();
    m_out.files.push_back({std::string(display_name), main_path.lexically_normal()});
  }

  PreprocessResult run(std::string_view text) {
    run_lines(split_lines(text, 0), nullptr);
    return std::move(m_out);
  }

 private:
  // Appends a line to the stream; returns its index (1-based), or 0 once the stream is full.
  int emit(std::string text, const RawLine& src, const std::shared_ptr<const Frame>& frame) {
    if (m_full) {
      return 0;
    }
    m_bytes += std::max(text.size(), src.text.size());  // consumed lines count too
    if (m_out.lines.size() >= kMaxStreamLines || m_bytes > kMaxStreamBytes) {
      overflow(src, frame);
      return 0;
    }
    m_out.lines.push_back({std::move(text), src.file, src.line, frame});
    return static_cast<int>(m_out.lines.size());
  }
  // Stops the preprocessor: the stream would pass its size limits.
  void overflow(const RawLine& src, const std::shared_ptr<const Frame>& frame) {
    m_full = true;
    m_out.cut = true;
    m_out.lines.push_back({{}, src.file, src.line, frame});
    error(DiagId::kMacroDepth, static_cast<int>(m_out.lines.size()), 1,
          fmt::format("the source expands to more than {} lines or {} bytes", kMaxStreamLines,
                      kMaxStreamBytes));
  }
  int consume(const RawLine& src, const std::shared_ptr<const Frame>& frame) {
    return emit({}, src, frame);
  }

  void error(DiagId id, int index, size_t col, std::string message) {
    if (index > 0) {
      m_out.diags.error(id, index, static_cast<int>(col), std::move(message));
    }
  }

  // A macro body's lines are substituted as they are reached (after an `.exitm`, never).
  struct Binding {
    const Macro& macro;
    const std::vector<std::string>& values;
    std::string counter;
  };

  // Runs lines of one file or one expansion; returns true at an `.exitm`.
  bool run_lines(const std::vector<RawLine>& lines, const std::shared_ptr<const Frame>& frame,
                 const Binding* binding = nullptr) {
    std::optional<std::string> recording;  // the macro whose body is being recorded
    int record_index = 0, nesting = 0;
    RawLine substituted;
    for (const RawLine& line : lines) {
      if (m_full) {
        return false;
      }
      if (binding) {
        substituted = substitute(line, *binding);
      }
      if (m_full) {
        return false;
      }
      const RawLine& src = binding ? substituted : line;
      std::string_view code = code_part(src.text);
      Head h = parse_head(code);
      std::string word = h.directive() ? lower(h.word) : std::string();
      if (recording) {
        consume(src, frame);
        if (word == ".macro") {
          ++nesting;
        } else if (word == ".endm" && nesting-- == 0) {
          recording.reset();
          m_recording_into = nullptr;
          continue;
        }
        if (Macro* m = m_recording_into) {
          m->body.push_back(src);
        }
        continue;
      }
      if (word == ".macro") {
        record_index = consume(src, frame);
        recording = define_macro(code, h, record_index);
        nesting = 0;
      } else if (word == ".endm" || word == ".exitm") {
        int at = consume(src, frame);
        if (word == ".exitm" && frame && frame->kind == Frame::Kind::kMacro) {
          return true;
        }
        error(DiagId::kStrayEndm, at, h.word_at + 1, fmt::format("'{}' without '.macro'", h.word));
      } else if (word == ".include") {
        label_prefix(code, h, src, frame);
        include(code, h, src, frame);
      } else if (src.file != 0 && (word == ".target" || word == ".kernel")) {
        included_header(word, code, h, consume(src, frame));
      } else if (!h.directive() && m_macros.contains(std::string(h.word))) {
        label_prefix(code, h, src, frame);
        expand(std::string(h.word), code, h, src, frame);
      } else {
        if (word == ".target" && m_main_target.empty()) {
          Head t = parse_head(code.substr(h.rest_at));
          m_main_target = lower(t.word);
        }
        if (size_t bs = code.find('\\');
            bs != std::string_view::npos && frame && frame->kind == Frame::Kind::kMacro) {
          error(DiagId::kMacroArgs, consume(src, frame), bs + 1,
                fmt::format("'{}' is not a parameter of macro '{}'", param_ref(code, bs),
                            frame->macro));
        } else {
          emit(src.text, src, frame);
        }
      }
    }
    if (recording) {
      error(DiagId::kUnterminatedMacro, record_index, 1,
            fmt::format("'.macro {}' has no matching '.endm' before the end of {}", *recording,
                        frame && frame->kind == Frame::Kind::kMacro
                            ? fmt::format("macro '{}'", frame->macro)
                            : m_out.files[static_cast<size_t>(lines.back().file)].display));
    }
    m_recording_into = nullptr;
    return false;
  }

  static std::string param_ref(std::string_view code, size_t bs) {
    size_t end = bs + 1;
    while (end < code.size() && param_char(code[end])) ++end;
    return std::string(code.substr(bs, std::max<size_t>(end, bs + 2) - bs));
  }

  // Labels in front of a line the preprocessor replaces stay in the stream as a line of their own.
  void label_prefix(std::string_view code, const Head& h, const RawLine& src,
                    const std::shared_ptr<const Frame>& frame) {
    if (h.labels_end > 0) {
      emit(std::string(code.substr(0, h.labels_end)), src, frame);
    }
  }

  // `.macro NAME [P[=DEFAULT]][, ...]`: returns the name whose body follows (recorded only when
  // the definition is sound; m_recording_into points at it).
  std::optional<std::string> define_macro(std::string_view code, const Head& h, int at) {
    m_recording_into = nullptr;
    if (at == 0) {  // the stream is full
      return std::nullopt;
    }
    Head name = parse_head(code.substr(h.rest_at));
    size_t name_at = h.rest_at + name.word_at;
    if (h.labels_end > 0 || name.labels_end > 0 || name.word.empty() || name.directive()) {
      error(DiagId::kSyntax, at, (h.labels_end > 0 ? 0 : name_at) + 1,
            "'.macro' expects a macro name and its parameters (labels go inside the macro)");
      return std::string("?");
    }
    std::string key(name.word);
    if (looks_like_register(key) || is_mnemonic(key)) {
      error(DiagId::kReservedName, at, name_at + 1,
            fmt::format("'{}' is {} name and cannot name a macro", key,
                        looks_like_register(key) ? "a register" : "an instruction"));
      return key;
    }
    Macro m;
    size_t params_at = h.rest_at + name.rest_at;
    for (const Piece& p : split_commas(code.substr(params_at))) {
      size_t eq = p.text.find('=');
      std::string_view pname = trim(p.text.substr(0, eq));
      bool good = !pname.empty() && ident_start(pname[0]) &&
                  std::all_of(pname.begin(), pname.end(), param_char);
      bool dup = std::any_of(m.params.begin(), m.params.end(),
                             [&](const MacroParam& q) { return q.name == pname; });
      if (!good || dup) {
        error(DiagId::kSyntax, at, params_at + p.at + 1,
              good ? fmt::format("duplicate parameter '{}' of macro '{}'", pname, key)
                   : fmt::format("bad macro parameter '{}' (expected NAME or NAME=DEFAULT)",
                                 quote(p.text)));
        return key;
      }
      m.params.push_back(
          {std::string(pname), eq == std::string_view::npos
                                   ? std::nullopt
                                   : std::optional<std::string>(trim(p.text.substr(eq + 1)))});
    }
    if (auto it = m_macros.find(key); it != m_macros.end()) {
      error(
          DiagId::kDuplicateMacro, at, name_at + 1,
          fmt::format("macro '{}' is already defined (at {}:{})", key,
                      m_out.files[static_cast<size_t>(it->second.file)].display, it->second.line));
      return key;
    }
    const StreamLine& def = m_out.lines[static_cast<size_t>(at) - 1];
    m.file = def.file;
    m.line = def.line;
    m_recording_into = &m_macros.emplace(key, std::move(m)).first->second;
    return key;
  }

  void expand(const std::string& name, std::string_view code, const Head& h, const RawLine& src,
              const std::shared_ptr<const Frame>& frame) {
    const int at = consume(src, frame);
    const Macro& m = m_macros.at(name);
    const int depth = frame ? frame->macro_depth : 0;
    for (const Frame* f = frame.get(); f; f = f->parent.get()) {
      if (f->kind == Frame::Kind::kMacro && f->macro == name) {
        error(DiagId::kMacroDepth, at, h.word_at + 1,
              fmt::format("macro '{}' expands itself (recursion never ends: the language has no "
                          "conditionals)",
                          name));
        return;
      }
    }
    if (depth >= kMaxMacroDepth) {
      error(DiagId::kMacroDepth, at, h.word_at + 1,
            fmt::format("macro expansions nest deeper than {}", kMaxMacroDepth));
      return;
    }
    std::optional<std::vector<std::string>> values = bind_args(name, m, code, h, at);
    if (!values) {
      return;
    }
    auto inner = std::make_shared<const Frame>(Frame{Frame::Kind::kMacro, name, src.file, src.line,
                                                     frame ? frame->include_depth : 0, depth + 1,
                                                     -1, frame});
    const Binding binding{m, *values, std::to_string(m_expansions++)};
    run_lines(m.body, inner, &binding);
  }

  // Invocation arguments -> one value per parameter (positional, then NAME=VALUE, defaults).
  std::optional<std::vector<std::string>> bind_args(const std::string& name, const Macro& m,
                                                    std::string_view code, const Head& h, int at) {
    std::vector<std::optional<std::string>> given(m.params.size());
    size_t next = 0;
    for (const Piece& p : split_commas(code.substr(h.rest_at))) {
      const size_t col = h.rest_at + p.at + 1;
      size_t slot = next;
      std::string_view value = p.text;
      if (std::string_view n = named_arg(p.text); !n.empty()) {
        auto it = std::find_if(m.params.begin(), m.params.end(),
                               [&](const MacroParam& q) { return q.name == n; });
        if (it == m.params.end()) {
          error(DiagId::kMacroArgs, at, col,
                fmt::format("macro '{}' has no parameter '{}'", name, n));
          return std::nullopt;
        }
        slot = static_cast<size_t>(it - m.params.begin());
        value = trim(value.substr(value.find('=') + 1));
      } else if (next >= m.params.size()) {
        error(DiagId::kMacroArgs, at, col,
              fmt::format("macro '{}' takes {} argument{}, got more", name, m.params.size(),
                          m.params.size() == 1 ? "" : "s"));
        return std::nullopt;
      } else {
        ++next;
      }
      if (given[slot]) {
        error(DiagId::kMacroArgs, at, col,
              fmt::format("argument '{}' of macro '{}' given twice", m.params[slot].name, name));
        return std::nullopt;
      }
      if (!value.empty()) {
        given[slot] = std::string(value);
      }
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < m.params.size(); ++i) {
      if (!given[i] && !m.params[i].default_value) {
        error(DiagId::kMacroArgs, at, h.word_at + 1,
              fmt::format("macro '{}' needs a value for parameter '{}' (it has no default)", name,
                          m.params[i].name));
        return std::nullopt;
      }
      out.push_back(given[i] ? *given[i] : *m.params[i].default_value);
    }
    return out;
  }

  // \PARAM -> its value, \@ -> the expansion counter, \() -> nothing; other backslashes stay
  // (a nested macro's parameters; a stray one is reported when the line is emitted).
  RawLine substitute(const RawLine& line, const Binding& b) {
    const Macro& m = b.macro;
    std::string_view code = code_part(line.text);
    RawLine out{{}, line.file, line.line};
    size_t budget = kMaxStreamBytes - std::min(m_bytes, kMaxStreamBytes);
    for (size_t i = 0; i < code.size(); ++i) {
      if (out.text.size() > budget) {
        overflow(line, nullptr);
        return out;
      }
      if (code[i] != '\\' || i + 1 >= code.size()) {
        out.text += code[i];
        continue;
      }
      if (code[i + 1] == '@') {
        out.text += b.counter;
        ++i;
        continue;
      }
      if (code.substr(i + 1, 2) == "()") {
        i += 2;
        continue;
      }
      size_t end = i + 1;
      while (end < code.size() && param_char(code[end])) ++end;
      std::string_view ref = code.substr(i + 1, end - i - 1);
      auto it = std::find_if(m.params.begin(), m.params.end(),
                             [&](const MacroParam& q) { return q.name == ref; });
      if (it == m.params.end()) {
        out.text += code[i];
        continue;
      }
      out.text += b.values[static_cast<size_t>(it - m.params.begin())];
      i = end - 1;
    }
    out.text += line.text.substr(code.size());
    return out;
  }

  void include(std::string_view code, const Head& h, const RawLine& src,
               const std::shared_ptr<const Frame>& frame) {
    const int at = consume(src, frame);
    size_t open = skip_blanks(code, h.rest_at);
    size_t close =
        open < code.size() && code[open] == '"' ? code.find('"', open + 1) : std::string_view::npos;
    if (close == std::string_view::npos || close == open + 1 ||
        skip_blanks(code, close + 1) != code.size()) {
      error(DiagId::kSyntax, at, open + 1, "'.include' expects a file name in double quotes");
      return;
    }
    std::filesystem::path rel(std::string(code.substr(open + 1, close - open - 1)));
    const size_t col = open + 2;
    if (!m_options.read_include) {
      error(DiagId::kIncludeNotFound, at, col,
            fmt::format("cannot include '{}': this source was given as text, with no file access",
                        rel.string()));
      return;
    }
    const int depth = frame ? frame->include_depth : 0;
    if (depth >= kMaxIncludeDepth) {
      error(DiagId::kIncludeCycle, at, col,
            fmt::format("includes nest deeper than {} files", kMaxIncludeDepth));
      return;
    }
    const SourceFile& here = m_out.files[static_cast<size_t>(src.file)];
    std::vector<SourceFile> candidates;
    candidates.push_back({(std::filesystem::path(here.display).parent_path() / rel).string(),
                          here.path.parent_path() / rel});
    if (rel.is_relative()) {
      for (const std::filesystem::path& dir : m_options.include_dirs) {
        candidates.push_back({(dir / rel).string(), dir / rel});
      }
    }
    std::vector<std::string> searched;
    for (SourceFile& c : candidates) {
      c.path = c.path.lexically_normal();
      c.display = std::filesystem::path(c.display).lexically_normal().string();
      std::optional<std::string> text = m_options.read_include(c.path);
      if (!text) {
        searched.push_back(c.display);
        continue;
      }
      for (const Frame* f = frame.get(); f; f = f->parent.get()) {
        if (f->kind == Frame::Kind::kInclude &&
            m_out.files[static_cast<size_t>(f->included_file)].path == c.path) {
          error(DiagId::kIncludeCycle, at, col,
                fmt::format("'{}' includes itself (include cycle)", c.display));
          return;
        }
      }
      if (c.path == m_out.files[0].path) {
        error(DiagId::kIncludeCycle, at, col,
              fmt::format("'{}' includes the main source (include cycle)", c.display));
        return;
      }
      const int id = static_cast<int>(m_out.files.size());
      m_out.files.push_back(std::move(c));
      m_texts.push_back(std::move(*text));
      auto inner = std::make_shared<const Frame>(Frame{Frame::Kind::kInclude,
                                                       {},
                                                       src.file,
                                                       src.line,
                                                       depth + 1,
                                                       frame ? frame->macro_depth : 0,
                                                       id,
                                                       frame});
      run_lines(split_lines(m_texts.back(), id), inner);
      return;
    }
    std::string list;
    for (const std::string& s : searched) list += (list.empty() ? "" : ", ") + s;
    error(DiagId::kIncludeNotFound, at, col,
          fmt::format("cannot find include file '{}' (looked for {})", rel.string(), list));
  }

  // `.target` in an included file must name the main source's target (then it is dropped);
  // `.kernel` belongs to the main source only.
  void included_header(const std::string& word, std::string_view code, const Head& h, int at) {
    if (word == ".kernel") {
      error(DiagId::kIncludeKernel, at, h.word_at + 1,
            "'.kernel' in an included file: the kernel is named by the main source");
      return;
    }
    Head t = parse_head(code.substr(h.rest_at));
    if (!m_main_target.empty() && lower(t.word) != m_main_target) {
      error(DiagId::kIncludeTarget, at, h.rest_at + t.word_at + 1,
            fmt::format("included file is for target '{}', the main source for '{}'", t.word,
                        m_main_target));
    }
  }

  // CONFIG
  const AsmOptions& m_options;
  // STATE
  PreprocessResult m_out;
  std::deque<std::string> m_texts;  // included files' text
  std::map<std::string, Macro, std::less<>> m_macros;
  Macro* m_recording_into = nullptr;
  std::string m_main_target;
  size_t m_bytes = 0;
  bool m_full = false;
  int m_expansions = 0;
};

std::string note_for(const PreprocessResult& pp, const Frame& f) {
  const std::string& file = pp.files[static_cast<size_t>(f.file)].display;
  return f.kind == Frame::Kind::kMacro
             ? fmt::format("{}:{}: note: in expansion of macro '{}' invoked here", file, f.line,
                           f.macro)
             : fmt::format("{}:{}: note: in file included from here", file, f.line);
}

}  // namespace

PreprocessResult preprocess(std::string_view text, std::string_view display_name,
                            const AsmOptions& options) {
  return Preprocessor(display_name, options).run(text);
}

StreamPosition stream_position(const PreprocessResult& pp, int index) {
  if (index <= 0 || static_cast<size_t>(index) > pp.lines.size()) {
    return {pp.files[0].display, 1, {}};
  }
  const StreamLine& l = pp.lines[static_cast<size_t>(index) - 1];
  StreamPosition out{pp.files[static_cast<size_t>(l.file)].display, l.line, {}};
  constexpr size_t kMaxNotes = 8;
  size_t frames = 0;
  for (const Frame* f = l.frame.get(); f; f = f->parent.get(), ++frames) {
    if (frames < kMaxNotes) {
      out.notes.push_back(note_for(pp, *f));
    }
  }
  if (frames > kMaxNotes) {
    out.notes.push_back(fmt::format("note: ... and {} more", frames - kMaxNotes));
  }
  return out;
}

std::string stream_where(const PreprocessResult& pp, int index) {
  StreamPosition p = stream_position(pp, index);
  const StreamLine* l = index > 0 && static_cast<size_t>(index) <= pp.lines.size()
                            ? &pp.lines[static_cast<size_t>(index) - 1]
                            : nullptr;
  if (!l || (l->file == 0 && !l->frame)) {
    return fmt::format("line {}", p.line);
  }
  return fmt::format("{}:{}", p.file, p.line);
}

int main_source_line(const PreprocessResult& pp, int index) {
  const StreamLine& l = pp.lines.at(static_cast<size_t>(index) - 1);
  const Frame* outer = l.frame.get();
  while (outer && outer->parent) outer = outer->parent.get();
  return outer ? outer->line : l.line;
}

}  // namespace npu::as
