// SPDX-License-Identifier: Apache-2.0
// Private: the postings of an index (which stored documents hold each candidate key), kept as
// sorted runs instead of one row per (key, document).
//
// Each `index add` batch appends one run per key kind: its postings sorted by key, cut into
// chunks by the key's high bits (about kChunkPostings postings each), every chunk one packed
// blob in the `chunks` table under the row id run << kKeyBits | chunk. Run ids only grow, so a
// batch's chunks are appended at the end of the table's B-tree, never inserted between rows.
// When kFanout runs of one level exist they are merged into one run of the next level (in the
// same transaction, so a crash keeps them all or the merge); `index optimize` merges all runs of a
// kind into one. A removed document's postings stay in their run until a merge drops them;
// until then the `removed` table hides them from look-ups.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "index/sqlite.hpp"

namespace wiretrace::index::detail {

/// Bits of a stored key (candidates::key_hash keeps the high 64 - kDocBits bits of a join key).
inline constexpr unsigned kKeyBits = 36;
/// Postings per chunk a run aims at: one chunk is read per key looked up in a run.
inline constexpr std::uint64_t kChunkPostings = 32;
/// Runs of one level merged into one run of the next.
inline constexpr std::size_t kFanout = 8;

/// One stored key of one document.
struct Posting {
    std::uint64_t key = 0;
    std::int64_t doc = 0;
    friend auto operator<=>(const Posting&, const Posting&) = default;
};

/// A row of the `runs` table.
struct Run {
    std::int64_t run = 0;
    int kind = 0;
    int level = 0;
    unsigned shift = 0;             ///< chunk = key >> shift
    std::uint64_t postings = 0;
    std::int64_t first_doc = 0;     ///< the smallest and largest document of its postings
    std::int64_t last_doc = 0;
};

/// The tables of the postings (created with the index's schema).
extern const char* const kPostingsSchema;

/// Decodes one chunk blob of `run` (the chunk number `chunk`) into `out` (replaced); throws
/// Error(bad_format) naming the index when the blob is not a valid chunk of that run.
void decode_chunk(const Database& db, const Run& run, std::uint64_t chunk, std::span<const unsigned char> blob,
                  std::vector<Posting>& out);

/// The postings of one connection: statements prepared once.
class Postings {
public:
    explicit Postings(Database& db);
    ~Postings();
    Postings(const Postings&) = delete;
    Postings& operator=(const Postings&) = delete;

    /// Writes `sorted` (ascending, no repeats) as a new run of level 0 of `kind`, then merges full
    /// levels. Call inside a write transaction.
    void append(int kind, std::span<const Posting> sorted);
    /// Merges every run of `kind` into one, dropping the postings of removed documents. Call
    /// inside a write transaction. Returns whether anything was rewritten.
    bool optimize(int kind);
    /// Hides the postings of a removed document (call inside the write transaction that deletes it).
    void forget(std::int64_t doc);

    /// For each of `keys`: the documents holding it, appended to `docs` unless more than `cap` do
    /// (then `skipped` is incremented).
    void look_up(int kind, std::span<const std::int64_t> keys, std::uint32_t cap, std::vector<std::int64_t>& docs,
                 std::uint64_t& skipped);

    /// The runs of `kind` (ascending run id), validated.
    std::vector<Run> runs(int kind);

private:
    void write_run(const Run& shape, std::span<const Posting> sorted);
    void merge(int kind, const std::vector<Run>& inputs, int level);
    Database& db_;
    struct Statements;
    std::unique_ptr<Statements> st_;
};

}  // namespace wiretrace::index::detail
