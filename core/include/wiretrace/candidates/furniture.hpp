// SPDX-License-Identifier: Apache-2.0
// Boilerplate that scales with the corpus and the outlet (issue #16).
//
// * Corpus boilerplate: a fingerprint in more than a share of the corpus's documents (copyright
//   lines, newsletter prompts) is skipped by the candidate join (corpus_cap()).
// * Outlet furniture: a fingerprint an outlet repeats across a share of its OWN articles (its
//   footer, its comment notice, its share buttons, an ad widget's script) is that outlet's
//   furniture. Found, it is furniture wherever it stands (a scraper's copy of the outlet's page
//   keeps its comment notice, and a copy and its source must lose the same words): its keys are
//   dropped from the join (Furniture::find) and its words are blanked in every text before a pair
//   is verified (furniture_spans(), masked_text()), so it counts neither between the outlet's own
//   articles nor towards any pair. Measured on the corpus
//   in front of it: the share is of each outlet's article count, and an outlet needs
//   FurnitureOptions::min_articles articles holding a passage before it is furniture, so a small
//   outlet's real copies stay.
// * Code-like lines (JavaScript, CSS), embedded posts (tweets) and photo captions are found in
//   each text on its own (line_kind()) and blanked the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::candidates {

struct FurnitureOptions {
    /// Fingerprints in more than this share of the corpus's documents are corpus boilerplate (the
    /// cap is at least kMinCorpusCap and at most Options::max_document_frequency). 0: the cap is
    /// Options::max_document_frequency alone (what `--max-df N` asks for).
    double corpus_share = kDefaultMaxDfShare;
    /// A fingerprint in at least this share of an outlet's articles ... (0: no outlet furniture)
    double outlet_share = kDefaultFurnitureShare;
    /// ... and in at least this many of them is the outlet's furniture.
    std::uint32_t min_articles = kDefaultFurnitureMinArticles;
};

/// The corpus boilerplate cap of a corpus of `documents` documents: ceil(corpus_share ×
/// documents) kept between kMinCorpusCap and `max_document_frequency`; `max_document_frequency`
/// itself when corpus_share is 0.
std::uint32_t corpus_cap(std::uint64_t documents, double corpus_share, std::uint32_t max_document_frequency);

/// What is blanked in a text before verification.
enum class LineKind : std::uint8_t { text, code, embed, caption };

/// How a line of text (no line break inside) reads: code (JavaScript or CSS: braces, semicolons,
/// assignments, `window.`/`function(`), an embedded post (a tweet's `pic.twitter.com` or
/// `(@handle)` signature), a photo caption (a short line with a photo credit such as "(AP
/// Photo/...)", "Photo:", "Getty Images"), or text.
LineKind line_kind(std::string_view line);

/// A stretch of a text's tokens that is blanked before verification, and why.
struct MaskedSpan {
    std::uint32_t begin = 0;  ///< token indices [begin, end)
    std::uint32_t end = 0;
    LineKind kind = LineKind::text;  ///< text: the outlet's furniture
    friend bool operator==(const MaskedSpan&, const MaskedSpan&) = default;
};

/// One passage repeated across articles, for --explain-boilerplate.
struct RepeatedPassage {
    std::string owner;          ///< the outlet whose furniture it is, or "corpus"
    std::uint32_t articles = 0; ///< articles holding its most repeated fingerprint
    std::uint32_t example = 0;  ///< a document holding it
    std::string text;           ///< the passage as it stands in `example`
};

/// What furniture and boilerplate a corpus holds (Furniture::find) and what was done about it.
struct FurnitureStats {
    std::uint32_t corpus_cap = 0;              ///< the boilerplate cap applied (documents)
    std::uint64_t outlets = 0;                 ///< distinct outlets named by the documents
    std::uint64_t furniture_outlets = 0;       ///< ... of which have furniture
    std::uint64_t furniture_fingerprints = 0;  ///< (outlet, fingerprint) pairs found furniture
    std::uint64_t furniture_keys = 0;          ///< document occurrences dropped from the join
    // Counted in verification, each article once:
    std::uint64_t masked_articles = 0;         ///< articles with any text blanked
    std::uint64_t furniture_words = 0;         ///< words blanked as their outlet's furniture
    std::uint64_t code_words = 0;              ///< ... as code
    std::uint64_t embed_words = 0;             ///< ... as embedded posts
    std::uint64_t caption_words = 0;           ///< ... as photo captions
    std::uint64_t edge_pairs = 0;              ///< pairs of a small outlet rescored without their shared footer
};

/// One outlet's furniture as an index stores it (index::Index::furniture): the articles it was
/// measured on and its furniture fingerprints (key hashes, candidates::key_hash), ascending.
struct OutletFurniture {
    std::string outlet;
    std::uint32_t articles = 0;
    std::vector<std::uint64_t> hashes;
    friend bool operator==(const OutletFurniture&, const OutletFurniture&) = default;
};

/// The furniture of a corpus: for each outlet, the fingerprints it repeats.
class Furniture {
public:
    /// Furniture measured before (an index's, see run/index_add.hpp): each outlet's furniture
    /// fingerprints, and its article count for too_small_to_measure() against `min_articles`.
    static Furniture from_outlets(std::span<const OutletFurniture> outlets, std::uint32_t min_articles);
    /// What find() (or from_outlets()) found, outlet by outlet in order of their numbers: every
    /// outlet it measured (articles > 0), with or without furniture.
    std::vector<OutletFurniture> outlets() const;

    /// Numbers the outlet names of the documents (empty name: 0, no outlet; others from 1).
    /// Returns the outlet number of `name`, adding it when new.
    std::uint32_t add_outlet(std::string_view name);
    /// The number of an outlet name seen by add_outlet, or 0.
    std::uint32_t outlet_number(std::string_view name) const;

    /// Finds the furniture in sorted fingerprint keys (make_key) of documents whose outlet
    /// numbers are `outlet_of` (by document number), counting articles per outlet itself, and
    /// drops every key of a furniture fingerprint from `keys` (they stay sorted), decrementing
    /// DocInfo::fingerprints of those documents. Fills stats' outlets,
    /// furniture_outlets, furniture_fingerprints, furniture_keys. With `explain` > 0, also keeps
    /// the `explain` most repeated fingerprints of each outlet and of the corpus (above `cap`).
    /// With options.outlet_share 0 it only records `cap` (nothing is measured or counted).
    void find(std::vector<std::uint64_t>& keys, std::span<const std::uint32_t> outlet_of, std::span<DocInfo> docs,
              std::uint32_t cap, const FurnitureOptions& options, std::uint32_t explain, FurnitureStats& stats);
    /// find() calling `dropped(doc)` for each key it drops instead of decrementing a DocInfo (the
    /// distributed scan, whose ranks hold the keys of a hash range and not their documents).
    void find(std::vector<std::uint64_t>& keys, std::span<const std::uint32_t> outlet_of,
              const std::function<void(std::uint32_t doc)>& dropped, std::uint32_t cap, const FurnitureOptions& options,
              std::uint32_t explain, FurnitureStats& stats);

    /// find() one group of keys at a time, for keys that are not held in memory at once (merged
    /// from sorted runs on disk): start(), then keep() for each group (every key of one hash,
    /// sorted) in ascending hash order, then finish(). keep() returns false for a group of
    /// furniture, whose keys leave the join; `outlet_of` must live until finish().
    void start(std::span<const std::uint32_t> outlet_of, std::uint32_t cap, const FurnitureOptions& options,
               std::uint32_t explain, FurnitureStats& stats);
    bool keep(std::span<const std::uint64_t> group, std::span<DocInfo> docs, FurnitureStats& stats);
    /// keep() calling `dropped(doc)` for each key it drops (as the second find()).
    bool keep(std::span<const std::uint64_t> group, const std::function<void(std::uint32_t doc)>& dropped,
              FurnitureStats& stats);
    void finish(FurnitureStats& stats);

    /// True when `shingle_hash` (a full shingle hash; its key bits are compared) is furniture of
    /// `outlet`.
    bool is_furniture(std::uint32_t outlet, std::uint64_t shingle_hash) const;
    /// True when `shingle_hash` is furniture of any outlet.
    bool is_furniture(std::uint64_t shingle_hash) const;

    /// True when the corpus holds furniture of any outlet.
    bool empty() const { return by_outlet_.empty(); }

    /// True when find() measured furniture (outlet_share > 0) and the outlet named `name` has
    /// fewer articles than it needs for that (FurnitureOptions::min_articles): a small outlet,
    /// whose furniture is looked for pair by pair instead (a footer both its articles end with).
    bool too_small_to_measure(std::string_view name) const;

    /// The most repeated fingerprints kept by find(explain > 0): (owner outlet or 0 for corpus
    /// boilerplate, key hash, articles, an example document).
    struct Repeated {
        std::uint32_t outlet;
        std::uint64_t hash;
        std::uint32_t articles;
        std::uint32_t example;
    };
    const std::vector<Repeated>& repeated() const { return repeated_; }
    const std::vector<std::string>& outlet_names() const { return names_; }

private:
    std::unordered_map<std::string, std::uint32_t> numbers_;
    std::vector<std::string> names_{""};
    /// Sorted (outlet << 36 | key hash) of every furniture fingerprint.
    std::vector<std::uint64_t> by_outlet_;
    /// Sorted key hashes of every furniture fingerprint, whatever its outlet.
    std::vector<std::uint64_t> anywhere_;
    std::vector<Repeated> repeated_;
    std::vector<std::uint32_t> articles_;  ///< by outlet number
    std::uint32_t min_articles_ = 0;       ///< 0: find() measured no furniture
    /// The state of a find() between start() and finish(); threshold empty: nothing to measure.
    struct Pass {
        std::span<const std::uint32_t> outlet_of;
        std::uint32_t cap = 0;
        std::uint32_t explain = 0;
        std::vector<std::uint32_t> threshold;      ///< articles that make furniture, by outlet; 0: none
        std::vector<std::uint8_t> has_furniture;   ///< by outlet
        std::vector<std::uint32_t> outlets;        ///< scratch: the outlets of one group
        std::vector<std::pair<std::uint32_t, std::uint32_t>> found;  ///< scratch: (outlet, articles)
    };
    Pass pass_;
};

/// The token stretches of a text to blank before verification: the shingles whose hashes are
/// furniture of any outlet (widened by the winnowing window on both sides, so the words of the
/// passage between and around its selected fingerprints go too), except the lines that carry a
/// wire copyright, credit line or dateline (where the text came from: evidence of provenance),
/// and the tokens of code-like, embed and caption lines. Sorted, disjoint. `furniture` may be
/// null (lines only).
std::vector<MaskedSpan> furniture_spans(std::string_view text, std::span<const text::Token> tokens,
                                        const Furniture* furniture, const Params& params);

/// `text` with the bytes of the spans' tokens (and what lies between the tokens of a span)
/// replaced by spaces: the same length, so byte offsets into it are offsets into `text`.
std::string masked_text(std::string_view text, std::span<const text::Token> tokens,
                        std::span<const MaskedSpan> spans);

/// The repeated passages behind Furniture::repeated(), most repeated first, at most `limit`:
/// each fingerprint's words widened to the passage of its example document that holds the
/// owner's furniture (or, for corpus boilerplate, the fingerprint's own words); passages equal
/// in text and owner appear once. `text_of(doc, out)` loads a document's text.
std::vector<RepeatedPassage> repeated_passages(const Furniture& furniture, std::uint32_t limit, const Params& params,
                                               const std::function<void(std::uint32_t, std::string&)>& text_of);

}  // namespace wiretrace::candidates
