// SPDX-License-Identifier: Apache-2.0
// Private: the source of records of one JSONL stream (a file, a byte range of one, or standard
// input), parsed a line at a time with io::JsonLineParser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/byte_source.hpp"
#include "io/record_source.hpp"

namespace wiretrace::io::detail {

/// The records of `input`, named `file` in diagnostics. `regular_file`: an uncompressed regular
/// file, whose records can be read again by offset. `begin`: the byte of the file where `input`
/// starts (a part of a plain file); line numbers are then counted from the start of the file.
std::unique_ptr<RecordSource> jsonl_source(OpenedInput input, std::string file, bool regular_file,
                                           std::size_t max_doc_bytes, std::uint64_t begin = 0);

}  // namespace wiretrace::io::detail
