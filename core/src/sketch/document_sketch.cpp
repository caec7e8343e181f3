// SPDX-License-Identifier: Apache-2.0
// One document's sketch: tokenize, shingle, winnow, MinHash and band, and the wire signals.
#include "wiretrace/sketch/document_sketch.hpp"

#include "wiretrace/text/wire.hpp"

namespace wiretrace::sketch {

DocumentSketch sketch_document(const Document& doc, const Params& params, std::uint32_t lsh_bands) {
    DocumentSketch s;
    s.tokens = text::tokenize(doc.text);
    const std::vector<std::uint64_t> shingles = shingle_hashes(s.tokens, params.shingle_tokens, params.seed);
    s.fingerprints = winnow(shingles, params.winnow_window);
    s.bands = band_hashes(minhash(shingles, params.minhash_size, params.seed), lsh_bands);
    const text::WireSignals wire = text::detect_wire_signals(doc.text);
    s.wire = text::looks_like_wire(doc.outlet, wire, params.outlet_roles.get());
    return s;
}

}  // namespace wiretrace::sketch
