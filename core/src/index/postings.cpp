// SPDX-License-Identifier: Apache-2.0
// The postings of an index as sorted, packed runs (postings.hpp): writing a run, merging runs,
// and looking keys up.
#include "index/postings.hpp"

#include <algorithm>
#include <bit>
#include <fmt/format.h>
#include <queue>
#include <unordered_map>

#include "wiretrace/error.hpp"

namespace wiretrace::index::detail {

const char* const kPostingsSchema = R"sql(
CREATE TABLE runs(run INTEGER PRIMARY KEY, kind INTEGER NOT NULL, level INTEGER NOT NULL, shift INTEGER NOT NULL,
  postings INTEGER NOT NULL, first_doc INTEGER NOT NULL, last_doc INTEGER NOT NULL);
CREATE TABLE chunks(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE removed(doc INTEGER PRIMARY KEY, since_run INTEGER NOT NULL);
)sql";

namespace {

/// Run ids fit the bits of a chunk row id above the key's chunk number.
constexpr std::int64_t kMaxRun = (std::int64_t{1} << (63 - kKeyBits)) - 1;

std::int64_t chunk_row(std::int64_t run, std::uint64_t chunk) {
    return static_cast<std::int64_t>((static_cast<std::uint64_t>(run) << kKeyBits) | chunk);
}

void put_varint(std::vector<unsigned char>& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<unsigned char>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<unsigned char>(v));
}

/// The chunk shift of a run of `postings` postings: about kChunkPostings per chunk.
unsigned shift_for(std::uint64_t postings) {
    const std::uint64_t chunks = std::max<std::uint64_t>(1, (postings + kChunkPostings - 1) / kChunkPostings);
    const auto bits = static_cast<unsigned>(std::bit_width(chunks - 1));
    return kKeyBits - std::min(bits, kKeyBits);
}

[[noreturn]] void corrupted(const Database& db, std::string_view what) {
    throw Error(Errc::bad_format, db.path(), fmt::format("the index is corrupted: {}", what));
}

/// Writes the postings of one run, in ascending order, chunk by chunk. A chunk is a sequence of
/// groups, one per key: the key's distance from the previous key (the first from the chunk's
/// first possible key), the number of documents, the first document's distance from the run's
/// first document, then each next document's distance from the one before.
class ChunkWriter {
public:
    ChunkWriter(Statement& insert, const Run& run) : insert_(insert), run_(run) {}

    void add(const Posting& p) {
        const std::uint64_t chunk = p.key >> run_.shift;
        if (chunk != chunk_ || p.key != key_) close_group();
        if (!open_ || chunk != chunk_) {
            flush();
            chunk_ = chunk;
            previous_key_ = chunk << run_.shift;
        }
        open_ = true;
        key_ = p.key;
        docs_.push_back(p.doc);
    }

    void finish() {
        close_group();
        flush();
    }

private:
    void close_group() {
        if (docs_.empty()) return;
        put_varint(data_, key_ - previous_key_);
        put_varint(data_, docs_.size());
        put_varint(data_, static_cast<std::uint64_t>(docs_.front() - run_.first_doc));
        for (std::size_t i = 1; i < docs_.size(); ++i) put_varint(data_, static_cast<std::uint64_t>(docs_[i] - docs_[i - 1]));
        previous_key_ = key_;
        docs_.clear();
    }
    void flush() {
        if (data_.empty()) return;
        insert_.bind(1, chunk_row(run_.run, chunk_)).bind_blob(2, data_);
        insert_.step();
        insert_.reset();
        data_.clear();
    }

    Statement& insert_;
    const Run& run_;
    std::vector<unsigned char> data_;
    std::vector<std::int64_t> docs_;
    std::uint64_t chunk_ = 0, key_ = 0, previous_key_ = 0;
    bool open_ = false;  ///< a posting was added
};

/// Reads the postings of one run in ascending order (for a merge).
class RunReader {
public:
    RunReader(Database& db, const Run& run)
        : db_(db), run_(run), st_(db, "SELECT id, data FROM chunks WHERE id >= ?1 AND id < ?2 ORDER BY id") {
        st_.bind(1, chunk_row(run.run, 0)).bind(2, chunk_row(run.run + 1, 0));
        advance();
    }
    bool done() const { return at_ >= buffer_.size(); }
    const Posting& current() const { return buffer_[at_]; }
    void advance() {
        if (++at_ < buffer_.size()) return;
        buffer_.clear();
        at_ = 0;
        while (buffer_.empty() && st_.step()) {
            const auto chunk = static_cast<std::uint64_t>(st_.int64(0) - chunk_row(run_.run, 0));
            decode_chunk(db_, run_, chunk, st_.blob(1), buffer_);
        }
    }

private:
    Database& db_;
    const Run& run_;
    Statement st_;
    std::vector<Posting> buffer_;
    std::size_t at_ = static_cast<std::size_t>(-1);
};

/// Reads a varint at `at`; false when the blob ends first or it is longer than 64 bits.
bool get_varint(std::span<const unsigned char> blob, std::size_t& at, std::uint64_t& v) {
    v = 0;
    for (unsigned shift = 0; shift < 64 && at < blob.size(); shift += 7) {
        const unsigned char b = blob[at++];
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0) return true;
    }
    return false;
}

}  // namespace

namespace {

/// Calls `group(key, docs)` for each key of a chunk blob of `run` in ascending order, until it
/// returns false; throws Error(bad_format) naming the index when the blob is not a valid chunk.
template <typename Group>
void for_each_group(const Database& db, const Run& run, std::uint64_t chunk, std::span<const unsigned char> blob,
                    Group&& group) {
    const auto bad = [&] { corrupted(db, fmt::format("chunk {} of postings run {} does not decode", chunk, run.run)); };
    if ((chunk >> (kKeyBits - run.shift)) != 0) bad();  // beyond the keys' bits
    const std::uint64_t base = chunk << run.shift;
    const std::uint64_t span_keys = (std::uint64_t{1} << run.shift) - 1;
    const auto doc_range = static_cast<std::uint64_t>(run.last_doc - run.first_doc);
    std::uint64_t offset = 0;  // the key's distance from base
    std::size_t at = 0;
    bool first = true;
    std::vector<std::int64_t> docs;
    while (at < blob.size()) {
        std::uint64_t delta = 0, count = 0, doc = 0;
        if (!get_varint(blob, at, delta) || !get_varint(blob, at, count) || !get_varint(blob, at, doc)) bad();
        if ((!first && delta == 0) || delta > span_keys - offset || count == 0 || count > blob.size() || doc > doc_range) bad();
        offset += delta;
        first = false;
        docs.clear();
        docs.push_back(run.first_doc + static_cast<std::int64_t>(doc));
        for (std::uint64_t i = 1; i < count; ++i) {
            std::uint64_t step = 0;
            if (!get_varint(blob, at, step) || step == 0 || step > doc_range - doc) bad();
            doc += step;
            docs.push_back(run.first_doc + static_cast<std::int64_t>(doc));
        }
        if (!group(base + offset, std::span<const std::int64_t>(docs))) return;
    }
}

}  // namespace

void decode_chunk(const Database& db, const Run& run, std::uint64_t chunk, std::span<const unsigned char> blob,
                  std::vector<Posting>& out) {
    out.clear();
    for_each_group(db, run, chunk, blob, [&](std::uint64_t key, std::span<const std::int64_t> docs) {
        for (const std::int64_t d : docs) out.push_back({key, d});
        return true;
    });
}

struct Postings::Statements {
    Statement runs, chunk, insert_chunk, insert_run, any_removed, is_removed;
    explicit Statements(Database& db)
        : runs(db, "SELECT run, kind, level, shift, postings, first_doc, last_doc FROM runs WHERE kind = ?1 ORDER BY run"),
          chunk(db, "SELECT data FROM chunks WHERE id = ?1"),
          insert_chunk(db, "INSERT INTO chunks(id, data) VALUES(?1, ?2)"),
          insert_run(db, "INSERT INTO runs(run, kind, level, shift, postings, first_doc, last_doc) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
          any_removed(db, "SELECT EXISTS(SELECT 1 FROM removed)"),
          is_removed(db, "SELECT 1 FROM removed WHERE doc = ?1") {}
};

Postings::Postings(Database& db) : db_(db), st_(std::make_unique<Statements>(db)) {}
Postings::~Postings() = default;

std::vector<Run> Postings::runs(int kind) {
    Statement& st = st_->runs;
    st.bind(1, std::int64_t{kind});
    std::vector<Run> out;
    while (st.step()) {
        Run r;
        r.run = st.int64(0);
        r.kind = static_cast<int>(st.int64(1));
        const std::int64_t level = st.int64(2), shift = st.int64(3), postings = st.int64(4);
        r.first_doc = st.int64(5);
        r.last_doc = st.int64(6);
        if (r.run < 1 || r.run > kMaxRun || level < 0 || level > 64 || shift < 0 || shift > kKeyBits || postings < 0 ||
            r.first_doc < 1 || r.first_doc > r.last_doc) {
            st.reset();
            corrupted(db_, fmt::format("postings run {} is out of range", r.run));
        }
        r.level = static_cast<int>(level);
        r.shift = static_cast<unsigned>(shift);
        r.postings = static_cast<std::uint64_t>(postings);
        out.push_back(r);
    }
    st.reset();
    return out;
}

void Postings::write_run(const Run& shape, std::span<const Posting> sorted) {
    ChunkWriter writer(st_->insert_chunk, shape);
    for (const Posting& p : sorted) writer.add(p);
    writer.finish();
}

/// The id of a new run: above every run there is, so its chunks go at the end of the table.
static std::int64_t next_run(Database& db) {
    Statement st(db, "SELECT COALESCE(MAX(run), 0) + 1 FROM runs");
    st.step();
    const std::int64_t run = st.int64(0);
    if (run > kMaxRun) {
        throw Error(Errc::too_large, db.path(),
                    fmt::format("the index has used all {} postings run numbers: rebuild the index", kMaxRun));
    }
    return run;
}

static void insert_run(Statement& st, const Run& r) {
    st.bind(1, r.run)
        .bind(2, std::int64_t{r.kind})
        .bind(3, std::int64_t{r.level})
        .bind(4, std::int64_t{r.shift})
        .bind(5, static_cast<std::int64_t>(r.postings))
        .bind(6, r.first_doc)
        .bind(7, r.last_doc);
    st.step();
    st.reset();
}

void Postings::append(int kind, std::span<const Posting> sorted) {
    if (sorted.empty()) return;
    Run r;
    r.run = next_run(db_);
    r.kind = kind;
    r.level = 0;
    r.shift = shift_for(sorted.size());
    r.postings = sorted.size();
    const auto [lo, hi] = std::minmax_element(sorted.begin(), sorted.end(),
                                              [](const Posting& x, const Posting& y) { return x.doc < y.doc; });
    r.first_doc = lo->doc;
    r.last_doc = hi->doc;
    write_run(r, sorted);
    insert_run(st_->insert_run, r);
    // Full levels are merged upwards: a posting is rewritten about log_fanout(batches) times.
    for (int level = 0;; ++level) {
        std::vector<Run> at;
        for (const Run& run : runs(kind)) {
            if (run.level == level) at.push_back(run);
        }
        if (at.size() < kFanout) break;
        merge(kind, at, level + 1);
    }
}

bool Postings::optimize(int kind) {
    const std::vector<Run> all = runs(kind);
    bool removed = false;
    {
        Statement& any = st_->any_removed;
        removed = any.step() && any.int64(0) != 0;
        any.reset();
    }
    if (all.size() < 2 && !(removed && all.size() == 1)) return false;
    int level = 0;
    for (const Run& r : all) level = std::max(level, r.level);
    merge(kind, all, std::min(level + 1, 64));
    return true;
}

void Postings::merge(int kind, const std::vector<Run>& inputs, int level) {
    // The removed documents whose postings may be in the inputs: dropped now.
    std::vector<std::int64_t> removed;
    {
        Statement st(db_, "SELECT doc FROM removed ORDER BY doc");
        while (st.step()) removed.push_back(st.int64(0));
    }
    Run out;
    out.run = next_run(db_);
    out.kind = kind;
    out.level = level;
    std::uint64_t total = 0;
    for (const Run& r : inputs) total += r.postings;
    out.shift = shift_for(total);
    out.first_doc = inputs.front().first_doc;
    out.last_doc = inputs.front().last_doc;
    for (const Run& r : inputs) {
        out.first_doc = std::min(out.first_doc, r.first_doc);
        out.last_doc = std::max(out.last_doc, r.last_doc);
    }

    std::vector<std::unique_ptr<RunReader>> readers;
    for (const Run& r : inputs) readers.push_back(std::make_unique<RunReader>(db_, r));
    using Head = std::pair<Posting, std::size_t>;
    std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
    for (std::size_t i = 0; i < readers.size(); ++i) {
        if (!readers[i]->done()) heads.push({readers[i]->current(), i});
    }
    ChunkWriter writer(st_->insert_chunk, out);
    std::uint64_t kept = 0;
    while (!heads.empty()) {
        const auto [p, i] = heads.top();
        heads.pop();
        if (!std::binary_search(removed.begin(), removed.end(), p.doc)) {
            writer.add(p);
            ++kept;
        }
        readers[i]->advance();
        if (!readers[i]->done()) heads.push({readers[i]->current(), i});
    }
    writer.finish();
    readers.clear();
    Statement drop_chunks(db_, "DELETE FROM chunks WHERE id >= ?1 AND id < ?2");
    Statement drop_run(db_, "DELETE FROM runs WHERE run = ?1");
    for (const Run& r : inputs) {
        drop_chunks.bind(1, chunk_row(r.run, 0)).bind(2, chunk_row(r.run + 1, 0));
        drop_chunks.step();
        drop_chunks.reset();
        drop_run.bind(1, r.run);
        drop_run.step();
        drop_run.reset();
    }
    if (kept > 0) {
        out.postings = kept;
        insert_run(st_->insert_run, out);
    }
    // A removed document stays listed while a run from before its removal may hold its postings.
    db_.exec("DELETE FROM removed WHERE NOT EXISTS (SELECT 1 FROM runs WHERE runs.run <= removed.since_run AND "
             "removed.doc BETWEEN runs.first_doc AND runs.last_doc)");
}

void Postings::forget(std::int64_t doc) {
    const std::int64_t since = next_run(db_) - 1;
    Statement st(db_, "INSERT OR REPLACE INTO removed(doc, since_run) VALUES(?1, ?2)");
    st.bind(1, doc).bind(2, since);
    st.step();
}

void Postings::look_up(int kind, std::span<const std::int64_t> keys, std::uint32_t cap, std::vector<std::int64_t>& docs,
                       std::uint64_t& skipped) {
    std::vector<std::pair<std::uint64_t, std::size_t>> order;  // (key, index in keys), ascending
    order.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) order.emplace_back(static_cast<std::uint64_t>(keys[i]), i);
    std::sort(order.begin(), order.end());
    std::vector<std::vector<std::int64_t>> held(keys.size());
    Statement& fetch = st_->chunk;
    for (const Run& run : runs(kind)) {
        for (const auto& [key, i] : order) {
            if (key >> kKeyBits != 0) continue;  // not a stored key
            const std::uint64_t chunk = key >> run.shift;
            fetch.bind(1, chunk_row(run.run, chunk));
            if (fetch.step()) {
                // Keys ascend in a chunk: the scan stops at the key or the first one past it.
                for_each_group(db_, run, chunk, fetch.blob(0), [&](std::uint64_t k, std::span<const std::int64_t> found) {
                    if (k == key) held[i].insert(held[i].end(), found.begin(), found.end());
                    return k < key;
                });
            }
            fetch.reset();
        }
    }
    bool any_removed = false;
    {
        Statement& any = st_->any_removed;
        any_removed = any.step() && any.int64(0) != 0;
        any.reset();
    }
    std::unordered_map<std::int64_t, bool> removed;  // doc -> removed, asked once per look-up
    const auto is_removed = [&](std::int64_t doc) {
        const auto [it, fresh] = removed.try_emplace(doc, false);
        if (fresh) {
            Statement& st = st_->is_removed;
            st.bind(1, doc);
            it->second = st.step();
            st.reset();
        }
        return it->second;
    };
    for (std::vector<std::int64_t>& d : held) {
        if (any_removed) std::erase_if(d, is_removed);
        if (d.size() > cap) {
            ++skipped;
            continue;
        }
        docs.insert(docs.end(), d.begin(), d.end());
    }
}

}  // namespace wiretrace::index::detail
