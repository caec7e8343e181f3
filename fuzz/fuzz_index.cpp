// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the index opener. The input is written to a file and opened as an index; when it
// opens, its summary is read and a fixed article is checked against it. Every outcome must be a
// result or a wiretrace::Error (a clear message naming the file), never a crash, a hang or
// another exception.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "fuzz_check.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/run/check.hpp"

namespace {

/// One file per process, rewritten for every input (with its WAL and shared-memory files gone).
const std::string& scratch_path() {
    static const std::string path =
        (std::filesystem::temp_directory_path() / ("wiretrace_fuzz_index_" + std::to_string(::getpid()) + ".db")).string();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wiretrace;
    const std::string& path = scratch_path();
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const index::Index idx = index::Index::open_for_reading(path);
        const index::Summary summary = idx.summary();
        WIRETRACE_FUZZ_CHECK(summary.path == path);
        Document article;
        article.id = "probe";
        article.text =
            "Neither Iran nor Syria, which together share most of Iraq's borders, was invited to the "
            "international conference in Paris, which opened as a pair of French reconnaissance jets took off.";
        for (const check::Match& m : check::find_matches(idx, article, Params{}, check::LookupOptions{})) {
            WIRETRACE_FUZZ_CHECK(m.pair.score.coverage_a >= 0 && m.pair.score.coverage_a <= 1);
            WIRETRACE_FUZZ_CHECK(m.pair.score.coverage_b >= 0 && m.pair.score.coverage_b <= 1);
        }
    } catch (const Error& e) {
        WIRETRACE_FUZZ_CHECK(e.where() == path);
    }
    return 0;
}
