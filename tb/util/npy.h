// NumPy .npy file I/O for testbench inputs and outputs.
//
// Reads format versions 1.0, 2.0 and 3.0 and writes 1.0, little-endian C-order arrays of dtypes
// <f2 <f4 <i4 |i1 <i8 |u1 <u2 and any rank (rank 0 holds one element). Every malformed or
// unsupported file gives an error message, never a crash. Deliberately ignores Fortran order,
// big-endian data, structured/object dtypes and pickles (all rejected), and .npz archives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace npu::tb {

struct NpyArray {
  std::string dtype;  // numpy descr, e.g. "<f2"
  std::vector<size_t> shape;
  std::vector<uint8_t> data;  // C order, little-endian, element_count() * itemsize bytes

  size_t element_count() const;  // product of shape (1 for rank 0)
};

struct NpyReadResult {
  std::optional<NpyArray> array;
  std::string error;  // empty on success
};

// Bytes per element of a supported descr; 0 when unsupported.
size_t npy_itemsize(std::string_view descr);

NpyReadResult read_npy(const std::string& path);
// As read_npy, but the data goes straight to the buffer place() returns once the header is read
// and checked (the result's data stays empty): place gets the dtype and shape and returns where
// the data's bytes go (room for all of them), or nullptr with the reason in its string argument
// (which becomes the error). Stores a large input once, in its final place.
NpyReadResult read_npy_into(const std::string& path,
                            const std::function<uint8_t*(const NpyArray&, std::string&)>& place);
// The same checks on a file already in memory; path only names it in the error.
NpyReadResult parse_npy(std::span<const uint8_t> bytes, const std::string& path);

// Writes version 1.0 atomically (temp file in the same directory, then rename). Returns an error
// message, empty on success. Fails on an unsupported dtype or a data size that does not match.
std::string write_npy(const std::string& path, const NpyArray& array);
// The same from data owned elsewhere (e.g. GM), written without a copy.
std::string write_npy(const std::string& path, const std::string& dtype,
                      const std::vector<size_t>& shape, std::span<const uint8_t> data);

}  // namespace npu::tb
