// SPDX-License-Identifier: Apache-2.0
// The sketch of one document: what scan and the index both compute from a text to find candidate
// pairs (its words, winnowed fingerprints, LSH band hashes of its MinHash signature) and whether
// it is wire copy. One function, so that a scan and an index sketch a text the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "wiretrace/document.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::sketch {

struct DocumentSketch {
    std::vector<text::Token> tokens;        ///< the words of the text (scan counts them for TF-IDF)
    std::vector<Fingerprint> fingerprints;  ///< winnowed shingle hashes, in text order
    std::vector<std::uint64_t> bands;       ///< one hash per LSH band (band_hashes); none for an empty text
    bool wire = false;                      ///< a wire outlet, a wire dateline or a wire copyright line

    /// The number of words.
    std::uint32_t words() const { return static_cast<std::uint32_t>(tokens.size()); }
};

/// Sketches `doc` with the sketch fields of `params` (shingle_tokens, winnow_window,
/// minhash_size, seed) and `lsh_bands` bands. Pure and thread-safe; throws Error(bad_argument)
/// for a zero size.
DocumentSketch sketch_document(const Document& doc, const Params& params, std::uint32_t lsh_bands);

}  // namespace wiretrace::sketch
