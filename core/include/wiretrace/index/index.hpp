// SPDX-License-Identifier: Apache-2.0
// The persistent index of known wire stories behind `wiretrace index` and `wiretrace check`: one
// SQLite file (WAL journal) holding the documents with their metadata and zstd-compressed text,
// the winnowed fingerprints and MinHash band keys that find candidates (as postings packed in
// sorted runs, one per batch, merged as they accumulate), and the sketch parameters it was built
// with. Schema and guarantees: README.md, "wiretrace index". This is the
// storage alone: run/index_add.hpp fills an index, run/check.hpp asks it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/candidates/furniture.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/score/background.hpp"
#include "wiretrace/sketch/document_sketch.hpp"

namespace wiretrace::index {

namespace detail {
class Transaction;
}

/// Version of the file layout (meta key "format_version"). Opening another version is an error
/// that asks to rebuild the index. Version 2: postings in packed sorted runs (version 1 had one
/// row per key and document).
inline constexpr int kFormatVersion = 2;

/// What the stored sketches depend on. An index answers only queries sketched the same way, so
/// these are fixed when the index is created and checked on every open.
struct Parameters {
    std::uint32_t shingle_tokens = 0;
    std::uint32_t winnow_window = 0;
    std::uint32_t minhash_size = 0;
    std::uint32_t lsh_bands = 0;
    std::uint64_t seed = 0;
    int normalization_version = 0;
    bool fold_chinese = false;  ///< Traditional Chinese folded to Simplified (text::FoldOptions)

    /// The sketch fields of `params` with `lsh_bands` bands and the current normalization and
    /// folding (text::fold_options()).
    static Parameters from(const Params& params, std::uint32_t lsh_bands);
    /// Copies the sketch fields into `params` (the other fields are left alone).
    void apply_to(Params& params) const;
    /// "k=5 w=8 minhash=128 bands=32 seed=0x77697265 normalization=1" (then " fold-chinese"
    /// when set).
    std::string describe() const;
    friend bool operator==(const Parameters&, const Parameters&) = default;
};

/// The candidate keys of one document as the index stores and looks them up: its distinct
/// fingerprint hashes and band keys, each the high bits of the hash (candidates::key_hash of
/// the document's key), ascending.
struct Keys {
    std::vector<std::int64_t> fingerprints;
    std::vector<std::int64_t> bands;
};
Keys stored_keys(const sketch::DocumentSketch& sketch);

/// Compresses texts as the index stores them (zstd with a checksum). One per thread.
class TextCompressor {
public:
    TextCompressor();
    ~TextCompressor();
    TextCompressor(const TextCompressor&) = delete;
    TextCompressor& operator=(const TextCompressor&) = delete;
    std::vector<unsigned char> compress(std::string_view text);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// One document ready to store (run/index_add.cpp prepares them in parallel).
struct Prepared {
    Document doc;                          ///< metadata and text (the text's size is stored, the text compressed)
    Keys keys;                             ///< stored_keys of its sketch
    std::uint32_t tokens = 0;              ///< words of its text
    bool wire = false;                     ///< DocumentSketch::wire
    std::vector<unsigned char> compressed; ///< the text, by TextCompressor
};

/// What store() does with an id the index already holds.
enum class OnDuplicate : std::uint8_t { skip, replace };

/// What store() did with a batch.
struct StoreCounts {
    std::uint64_t added = 0;       ///< new documents
    std::uint64_t replaced = 0;    ///< existing ids replaced (OnDuplicate::replace)
    std::uint64_t duplicates = 0;  ///< existing ids skipped (OnDuplicate::skip)
};

/// What `index stats` reports.
struct Summary {
    std::string path;
    Parameters parameters;
    std::uint64_t documents = 0;
    std::uint64_t outlets = 0;                 ///< distinct non-empty outlets
    std::uint64_t undated = 0;                 ///< documents without a publication time
    std::optional<std::int64_t> first_published;
    std::optional<std::int64_t> last_published;
    std::uint64_t text_bytes = 0;              ///< uncompressed text
    std::uint64_t fingerprints = 0;            ///< stored fingerprint rows
    std::uint64_t band_keys = 0;               ///< stored band rows
    std::uint64_t file_bytes = 0;              ///< the database file and its WAL on disk
    std::uint64_t runs = 0;                    ///< sorted runs of postings (Index::optimize makes one per kind)
    std::uint64_t fingerprint_postings = 0;    ///< stored (fingerprint, document) postings
    std::uint64_t band_postings = 0;           ///< stored (band key, document) postings; both count
                                               ///< those of removed documents until a merge drops them
    score::Background background;              ///< Index::background()
};

/// The two kinds of candidate keys an index stores.
enum class KeyKind : std::uint8_t { fingerprint, band };

/// What Index::look_up found.
struct KeyHits {
    std::vector<std::int64_t> docs;  ///< the documents holding each key looked up, once per key
    std::uint64_t skipped = 0;       ///< keys held by more documents than the cap
};

/// One connection to an index file. Not thread-safe: use one Index per thread (many readers
/// and one writer may work on the same file at once).
class Index {
public:
    /// Opens the index at `path`, creating it with `parameters` when the file does not exist
    /// or is empty. An existing index keeps its own parameters; with `require_same` they must
    /// equal `parameters` (Errc::bad_argument otherwise).
    static Index open_for_writing(const std::string& path, const Parameters& parameters, bool require_same);
    /// Opens an existing index to change it (remove documents), with its own parameters: a
    /// missing or empty file is an error as for open_for_reading, and nothing is created.
    static Index open_existing_for_writing(const std::string& path);
    /// Throws Errc::bad_argument when `requested` differs from the index's parameters.
    void require(const Parameters& requested) const;
    /// Opens an existing index read-only; its stored parameters are in parameters().
    static Index open_for_reading(const std::string& path);

    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;
    ~Index();

    const std::string& path() const;
    const Parameters& parameters() const;

    /// Stores a batch in one transaction: all of it, or nothing when it throws. An id the index
    /// holds already (or that came earlier in the batch) is skipped or replaced as `on_duplicate`
    /// says.
    StoreCounts store(std::span<const Prepared> batch, OnDuplicate on_duplicate);

    /// Merges the runs of postings into one per key kind and drops the postings of removed
    /// documents, in one transaction (a check then reads one chunk per key). Returns whether
    /// anything was rewritten.
    bool optimize();

    /// Removes the documents with these ids in one transaction; returns the ids not found. Their
    /// postings are hidden at once and dropped by the next merge (or optimize).
    std::vector<std::string> remove(std::span<const std::string> ids);

    Summary summary() const;

    /// A read transaction: what is read while it lives (look_up, fingerprint_count, load) is one
    /// state of the file, and the lock is taken once instead of once per statement.
    class Snapshot {
    public:
        Snapshot(Snapshot&&) noexcept;
        Snapshot& operator=(Snapshot&&) noexcept;
        ~Snapshot();

    private:
        friend class Index;
        explicit Snapshot(std::unique_ptr<detail::Transaction> tx);
        std::unique_ptr<detail::Transaction> tx_;
    };
    [[nodiscard]] Snapshot snapshot() const;

    /// The stored documents (row numbers) holding each of `keys`, except for keys held by more
    /// than `cap` documents (boilerplate), which are only counted.
    KeyHits look_up(KeyKind kind, std::span<const std::int64_t> keys, std::uint32_t cap) const;
    /// The number of distinct fingerprints stored for a document; 0 when its row is missing.
    std::uint32_t fingerprint_count(std::int64_t doc) const;
    /// Loads one stored document (metadata and text) by its row number; throws Error(bad_format)
    /// when it is missing or its text does not decompress.
    Document load(std::int64_t doc) const;
    /// The row number of the stored document with this id, if there is one.
    std::optional<std::int64_t> find(std::string_view id) const;

    /// The row numbers of every stored document, ascending.
    std::vector<std::int64_t> rows() const;
    /// The stored documents, as counted when this connection opened or last stored or removed.
    std::uint64_t documents() const;

    /// What unrelated stories of this index share (score::Background), as `index add` last measured
    /// it (meta key "background"); invalid when none is stored (an index of fewer than
    /// score::kMinBackgroundArticles stories). A stored value that does not parse is refused on
    /// open ("index corrupted: background ...").
    const score::Background& background() const;
    /// Stores `background` (an invalid one removes the stored value), in one transaction.
    void set_background(const score::Background& background);

    /// Each outlet's furniture (the passages it repeats across its own stories: footer, comment
    /// notice, share buttons), as `index add` last learned it (index_add::learn_furniture), read
    /// on open (table "furniture": outlet, articles measured, furniture key hashes). Empty for an
    /// index without that table. A row that does not parse is refused on open ("index corrupted:
    /// furniture ...").
    const candidates::Furniture& furniture() const;
    /// Replaces the stored furniture of each outlet in `outlets` (the others keep theirs), in one
    /// transaction; creates the table in an index made before it.
    void set_furniture(std::span<const candidates::OutletFurniture> outlets);
    /// The row numbers of the most recent (highest) `limit` stored stories of each outlet in
    /// `outlets` (sorted, distinct names), outlet by outlet, ascending within one.
    std::vector<std::vector<std::int64_t>> recent_rows(std::span<const std::string> outlets, std::size_t limit) const;

private:
    struct Impl;
    explicit Index(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace wiretrace::index
