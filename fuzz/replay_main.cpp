// SPDX-License-Identifier: Apache-2.0
// Runs inputs through a fuzz target without libFuzzer: `fuzz_replay_<target> DIR|FILE...` feeds
// every file (directories: their files, in name order) to LLVMFuzzerTestOneInput. The normal test
// suite replays each target's seed corpus and its regression inputs (earlier findings) this way,
// with any compiler, under the sanitizers too. A broken invariant aborts; no input at all fails.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg(argv[i]);
        if (fs::is_directory(arg)) {
            for (const auto& entry : fs::directory_iterator(arg)) {
                if (entry.is_regular_file()) files.push_back(entry.path());
            }
        } else if (fs::is_regular_file(arg)) {
            files.push_back(arg);
        } else if (fs::exists(arg)) {
            std::cerr << "replay: not a file or directory: " << arg.string() << "\n";
            return 2;
        }
        // A missing directory is an empty one: a target may have no regression inputs yet.
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::cerr << "replay: no input files\n";
        return 2;
    }
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (in.bad()) {
            std::cerr << "replay: cannot read " << file.string() << "\n";
            return 2;
        }
        std::cerr << "replay: " << file.string() << " (" << bytes.size() << " bytes)\n";
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::cout << "replay: " << files.size() << " inputs, no invariant broken\n";
    return 0;
}
