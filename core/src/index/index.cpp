// SPDX-License-Identifier: Apache-2.0
// The SQLite index of known wire stories: schema, opening and validating, storing a batch in one
// transaction, remove, stats, and the reads of a check (key look-ups, counts, documents).
#include "wiretrace/index/index.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <array>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <unistd.h>
#include <zstd.h>

#include "index/postings.hpp"
#include "index/sqlite.hpp"
#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::index {
namespace {

using detail::Database;
using detail::Statement;
using detail::Transaction;

/// PRAGMA application_id of a wiretrace index: "wire" in ASCII.
constexpr std::int32_t kApplicationId = 0x77697265;
/// Texts are compressed with zstd at this level (fast, about 3x on news text).
constexpr int kZstdLevel = 3;
/// A stored text longer than this is a corrupted length field, not an article.
constexpr std::uint64_t kMaxStoredText = std::uint64_t{1} << 32;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents(
  doc INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  outlet TEXT NOT NULL,
  title TEXT NOT NULL,
  published INTEGER,
  granularity INTEGER NOT NULL,
  wire INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  fingerprints INTEGER NOT NULL,
  band_keys INTEGER NOT NULL,
  text_bytes INTEGER NOT NULL,
  text BLOB NOT NULL);
)sql";

std::uint64_t file_size_or_zero(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : size;
}

/// Compares the page count in the database header with the file size: a file cut short (a
/// partial copy, a full disk) is reported before SQLite reads zeros where pages should be.
void check_not_truncated(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 100> header{};
    if (!in.read(reinterpret_cast<char*>(header.data()), header.size())) return;  // SQLite judges tiny files
    if (std::memcmp(header.data(), "SQLite format 3", 16) != 0) return;
    std::uint64_t page_size = (std::uint64_t{header[16]} << 8) | header[17];
    if (page_size == 1) page_size = 65536;
    const std::uint64_t pages = (std::uint64_t{header[28]} << 24) | (std::uint64_t{header[29]} << 16) |
                                (std::uint64_t{header[30]} << 8) | header[31];

    const auto be32 = [&](std::size_t at) {
        return (std::uint32_t{header[at]} << 24) | (std::uint32_t{header[at + 1]} << 16) |
               (std::uint32_t{header[at + 2]} << 8) | header[at + 3];
    };
    // SQLite trusts the page count only when the change counter matches version-valid-for; and
    // a checkpoint interrupted by a crash may leave the file short with the pages still in the
    // WAL, which SQLite replays: no verdict then.
    if (be32(24) != be32(92) || file_size_or_zero(path + "-wal") > 0) return;
    const std::uint64_t size = file_size_or_zero(path);
    if (page_size >= 512 && pages > 0 && size < pages * page_size) {
        throw Error(Errc::bad_format, path,
                    fmt::format("the index is truncated: its header counts {} pages of {} bytes ({} bytes) but "
                                "the file holds {} bytes",
                                pages, page_size, pages * page_size, size));
    }
}

/// A reader opens an index in WAL mode through its "-shm" and "-wal" files, which SQLite creates
/// beside it when they are missing. In a directory that cannot be written (a read-only mount, a
/// shared archive) they cannot be: then, when no "-wal" file holds changes, the index file alone
/// is all there is and it is opened as immutable (no locks, no side files; no writer can work
/// there either). Returns that URI, or "" to open `path` the usual way.
std::string read_only_uri(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path file = fs::absolute(path, ec).lexically_normal();
    if (ec) return {};
    const fs::path dir = file.parent_path();
    const std::string wal = path + "-wal";
    if (::access(dir.c_str(), W_OK) == 0 || fs::exists(path + "-shm", ec)) return {};
    if (file_size_or_zero(wal) > 0) {
        throw Error(Errc::io, path,
                    fmt::format("cannot read the index: its directory {} cannot be written, and its write-ahead log "
                                "{} holds changes that SQLite can only read through a {}-shm file it cannot create "
                                "there (open it once where the directory can be written, or copy the index with its "
                                "-wal file to such a directory)",
                                dir.string(), wal, path));
    }
    std::string uri = "file:";
    for (const char c : file.string()) {
        if (c == '%' || c == '?' || c == '#') {
            uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

std::string meta_value(Database& db, const char* key) {
    Statement st(db, "SELECT value FROM meta WHERE key = ?1");
    st.bind(1, std::string_view(key));
    if (!st.step()) throw Error(Errc::bad_format, db.path(), fmt::format("not a wiretrace index: no '{}' in its meta table", key));
    return st.text(0);
}

/// A meta value as written by create_schema: decimal digits only (no sign, space or prefix), at
/// most 2^64 - 1. Anything else is nullopt.
std::optional<std::uint64_t> parse_decimal(std::string_view v) {
    if (v.empty() || v.size() > 20) return std::nullopt;
    std::uint64_t n = 0;
    for (const char c : v) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
        n = n * 10 + digit;
    }
    return n;
}

/// A stored value as messages show it: as is when it is short and plain, else quoted with its
/// control characters escaped (and cut to 40 bytes).
std::string shown(const std::string& v) {
    const bool plain = !v.empty() && v.size() <= 40 &&
                       std::all_of(v.begin(), v.end(), [](char c) { return c > ' ' && c < 127; });
    return plain ? v : fmt::format("\"{}\"", text::escape_controls(v.substr(0, 40))) + (v.size() > 40 ? "..." : "");
}

[[noreturn]] void out_of_range(Database& db, const char* key, const std::string& value, const std::string& range) {
    throw Error(Errc::bad_format, db.path(),
                fmt::format("index corrupted: {} = {} is out of range ({})", key, shown(value), range));
}

/// The meta value of `key`, a decimal integer from `lo` to `hi`; else "index corrupted: ...".
std::uint64_t meta_number(Database& db, const char* key, std::uint64_t lo, std::uint64_t hi, const std::string& range) {
    const std::string v = meta_value(db, key);
    const std::optional<std::uint64_t> n = parse_decimal(v);
    if (!n || *n < lo || *n > hi) out_of_range(db, key, v, range);
    return *n;
}

std::uint32_t meta_count(Database& db, const char* key, std::uint32_t hi) {
    return static_cast<std::uint32_t>(meta_number(db, key, 1, hi, fmt::format("1 to {}", hi)));
}

/// Normalization versions up to this are versions (an index of an older or a newer wiretrace: rebuild
/// it); a larger one is corruption.
constexpr std::uint64_t kMaxPlausibleNormalizationVersion = 1000;

Parameters read_parameters(Database& db) {
    {
        Statement tables(db, "SELECT COUNT(*) FROM sqlite_master");
        if (tables.step() && tables.int64(0) == 0) {
            throw Error(Errc::bad_format, db.path(),
                        "not a wiretrace index yet: an empty database (was the first `index add` interrupted? run it again)");
        }
        Statement id(db, "PRAGMA application_id");
        if (!id.step() || id.int64(0) != kApplicationId) {
            throw Error(Errc::bad_format, db.path(), "not a wiretrace index (an SQLite database of something else)");
        }
    }
    const std::string version_text = meta_value(db, "format_version");
    const std::optional<std::uint64_t> version = parse_decimal(version_text);
    if (version != static_cast<std::uint64_t>(kFormatVersion)) {
        throw Error(Errc::bad_format, db.path(),
                    fmt::format("the index has format version {}; this wiretrace reads version {}: rebuild the index",
                                shown(version_text), kFormatVersion));
    }
    // Each within the range `index add` accepts when it creates an index (cli/options.cpp): a
    // corrupted value must not become a huge allocation or a loop of billions of steps.
    Parameters p;
    p.shingle_tokens = meta_count(db, "shingle_tokens", kMaxShingleTokens);
    p.winnow_window = meta_count(db, "winnow_window", kMaxWinnowWindow);
    p.minhash_size = meta_count(db, "minhash_size", kMaxMinhashSize);
    p.lsh_bands = static_cast<std::uint32_t>(
        meta_number(db, "lsh_bands", 1, p.minhash_size, fmt::format("1 to minhash_size, {}", p.minhash_size)));
    p.seed = meta_number(db, "seed", 0, std::numeric_limits<std::uint64_t>::max(),
                         "a decimal integer from 0 to 18446744073709551615");
    const std::uint64_t normalization =
        meta_number(db, "normalization_version", 1, kMaxPlausibleNormalizationVersion,
                    fmt::format("this wiretrace uses version {}", text::kNormalizationVersion));
    p.normalization_version = static_cast<int>(normalization);
    if (normalization != text::kNormalizationVersion) {
        throw Error(Errc::bad_format, db.path(),
                    fmt::format("the index was built with text normalization version {}; this wiretrace uses "
                                "version {}: rebuild the index",
                                p.normalization_version, text::kNormalizationVersion));
    }
    // Indexes made before the option have no key: they were made without it.
    Statement fold(db, "SELECT value FROM meta WHERE key = 'fold_chinese'");
    p.fold_chinese = fold.step() && fold.text(0) == "1";
    if (p.fold_chinese != text::fold_options().chinese_variants) {
        throw Error(Errc::bad_argument, db.path(),
                    p.fold_chinese ? "the index folds Traditional Chinese to Simplified: pass --fold-chinese"
                                   : "the index does not fold Traditional Chinese to Simplified: drop --fold-chinese");
    }
    return p;
}

/// The meta key of the stored background: "1 c0 c1 c2 c3 c4 c5 spread samples mean" (the format
/// version, then the fitted figures, each as printed with 17 significant digits).
constexpr const char* kBackgroundKey = "background";

/// The table of outlet furniture: one row per outlet measured, its furniture key hashes packed
/// as 8-byte little-endian integers.
constexpr const char* kFurnitureSchema =
    "CREATE TABLE IF NOT EXISTS furniture(outlet TEXT PRIMARY KEY, articles INTEGER NOT NULL, hashes BLOB NOT NULL) "
    "WITHOUT ROWID";

bool has_table(Database& db, std::string_view name) {
    Statement st(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    st.bind(1, name);
    return st.step();
}

/// The stored furniture; empty when the index has no furniture table.
candidates::Furniture read_furniture(Database& db) {
    std::vector<candidates::OutletFurniture> outlets;
    if (has_table(db, "furniture")) {
        Statement st(db, "SELECT outlet, articles, hashes FROM furniture ORDER BY outlet");
        while (st.step()) {
            candidates::OutletFurniture& o = outlets.emplace_back();
            o.outlet = st.text(0);
            const std::int64_t articles = st.int64(1);
            const std::span<const unsigned char> blob = st.blob(2);
            if (o.outlet.empty() || articles < 1 || articles > std::numeric_limits<std::uint32_t>::max() ||
                blob.size() % 8 != 0) {
                throw Error(Errc::bad_format, db.path(),
                            fmt::format("index corrupted: furniture of outlet {} does not parse (run `index add` "
                                        "again to learn it)",
                                        shown(o.outlet)));
            }
            o.articles = static_cast<std::uint32_t>(articles);
            for (std::size_t i = 0; i < blob.size(); i += 8) {
                std::uint64_t h = 0;
                for (std::size_t b = 0; b < 8; ++b) h |= static_cast<std::uint64_t>(blob[i + b]) << (8 * b);
                o.hashes.push_back(h);
            }
        }
    }
    return candidates::Furniture::from_outlets(outlets, kDefaultFurnitureMinArticles);
}

std::string format_background(const score::Background& b) {
    std::string out = "1";
    for (const double c : b.coefficients()) out += fmt::format(" {:.17g}", c);
    out += fmt::format(" {:.17g} {} {:.17g}", b.sd(), b.samples(), b.mean_containment());
    return out;
}

/// The stored background; invalid when none is stored; "index corrupted: ..." when the value
/// does not parse into finite figures.
score::Background read_background(Database& db) {
    Statement st(db, "SELECT value FROM meta WHERE key = ?1");
    st.bind(1, std::string_view(kBackgroundKey));
    if (!st.step()) return {};
    const std::string value = st.text(0);
    std::array<double, score::Background::kTerms> c{};
    double sd = 0;
    double mean = 0;
    unsigned long long samples = 0;
    int version = 0;
    int used = 0;
    const int n = std::sscanf(value.c_str(), "%d %lf %lf %lf %lf %lf %lf %lf %llu %lf%n", &version, &c[0], &c[1], &c[2],
                              &c[3], &c[4], &c[5], &sd, &samples, &mean, &used);
    score::Background b;
    if (n == 10 && version == 1 && static_cast<std::size_t>(used) == value.size()) {
        b = score::Background::from_stored(c, sd, samples, mean);
    }
    if (!b.valid() || !std::isfinite(mean)) {
        throw Error(Errc::bad_format, db.path(),
                    fmt::format("index corrupted: {} = {} is not a background (run `index add` again to measure it)",
                                kBackgroundKey, shown(value)));
    }
    return b;
}

void create_schema(Database& db, const Parameters& p) {
    // One transaction: a run killed while creating leaves an empty file, never half an index.
    Transaction tx(db);
    db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId).c_str());
    db.exec(kSchema);
    db.exec(detail::kPostingsSchema);
    Statement put(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)");
    const auto set = [&](std::string_view key, const std::string& value) {
        put.bind(1, key).bind(2, std::string_view(value));
        put.step();
        put.reset();
    };
    set("format", "wiretrace.index");
    set("format_version", std::to_string(kFormatVersion));
    set("shingle_tokens", std::to_string(p.shingle_tokens));
    set("winnow_window", std::to_string(p.winnow_window));
    set("minhash_size", std::to_string(p.minhash_size));
    set("lsh_bands", std::to_string(p.lsh_bands));
    set("seed", std::to_string(p.seed));
    set("normalization_version", std::to_string(p.normalization_version));
    set("fold_chinese", p.fold_chinese ? "1" : "0");
    tx.commit();
}

/// Finds and deletes stored documents by id; their postings are hidden until a merge drops them.
class Remover {
public:
    Remover(Database& db, detail::Postings& postings)
        : postings_(postings), find_(db, "SELECT doc FROM documents WHERE id = ?1"),
          delete_doc_(db, "DELETE FROM documents WHERE doc = ?1") {}

    bool exists(std::string_view id) {
        find_.bind(1, id);
        const bool found = find_.step();
        find_.reset();
        return found;
    }

    /// Deletes the document with this id; false when there is none.
    bool remove(std::string_view id) {
        find_.bind(1, id);
        if (!find_.step()) {
            find_.reset();
            return false;
        }
        const std::int64_t doc = find_.int64(0);
        find_.reset();
        delete_doc_.bind(1, doc);
        delete_doc_.step();
        delete_doc_.reset();
        postings_.forget(doc);
        return true;
    }

private:
    detail::Postings& postings_;
    Statement find_, delete_doc_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------

Keys stored_keys(const sketch::DocumentSketch& sketch) {
    std::vector<std::uint64_t> fingerprints, bands;
    candidates::append_keys(sketch, 0, fingerprints, bands);
    const auto stored = [](std::uint64_t key) { return static_cast<std::int64_t>(candidates::key_hash(key)); };
    Keys keys;
    std::transform(fingerprints.begin(), fingerprints.end(), std::back_inserter(keys.fingerprints), stored);
    std::transform(bands.begin(), bands.end(), std::back_inserter(keys.bands), stored);
    std::sort(keys.bands.begin(), keys.bands.end());
    keys.bands.erase(std::unique(keys.bands.begin(), keys.bands.end()), keys.bands.end());
    return keys;
}

struct TextCompressor::Impl {
    std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx{ZSTD_createCCtx(), &ZSTD_freeCCtx};
};

TextCompressor::TextCompressor() : impl_(std::make_unique<Impl>()) {
    ZSTD_CCtx* cctx = impl_->cctx.get();
    if (cctx == nullptr) throw Error(Errc::io, "", "zstd: cannot create a compression context");
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kZstdLevel);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);  // corruption shows on read
}

TextCompressor::~TextCompressor() = default;

std::vector<unsigned char> TextCompressor::compress(std::string_view text_) {
    std::vector<unsigned char> out(ZSTD_compressBound(text_.size()));
    const std::size_t n = ZSTD_compress2(impl_->cctx.get(), out.data(), out.size(), text_.data(), text_.size());
    if (ZSTD_isError(n) != 0) throw Error(Errc::io, "", fmt::format("zstd: {}", ZSTD_getErrorName(n)));
    out.resize(n);
    return out;
}

Parameters Parameters::from(const Params& params, std::uint32_t lsh_bands) {
    Parameters p;
    p.shingle_tokens = params.shingle_tokens;
    p.winnow_window = params.winnow_window;
    p.minhash_size = params.minhash_size;
    p.lsh_bands = lsh_bands;
    p.seed = params.seed;
    p.normalization_version = static_cast<int>(text::kNormalizationVersion);
    p.fold_chinese = text::fold_options().chinese_variants;
    return p;
}

void Parameters::apply_to(Params& params) const {
    params.shingle_tokens = shingle_tokens;
    params.winnow_window = winnow_window;
    params.minhash_size = minhash_size;
    params.seed = seed;
}

std::string Parameters::describe() const {
    return fmt::format("k={} w={} minhash={} bands={} seed={:#x} normalization={}", shingle_tokens, winnow_window,
                       minhash_size, lsh_bands, seed, normalization_version) +
           (fold_chinese ? " fold-chinese" : "");
}

struct Index::Impl {
    Database db;
    Parameters parameters;
    score::Background background;
    candidates::Furniture furniture;
    std::uint64_t documents = 0;  ///< counted on open and after each change (count_documents)

    void count_documents() {
        Statement st(db, "SELECT COUNT(*) FROM documents");
        documents = st.step() ? static_cast<std::uint64_t>(st.int64(0)) : 0;
    }

    Impl(const std::string& path, int flags, const std::string& uri = {}) : db(path, flags, uri) {}

    /// Loads one stored document (metadata and text) by its row number.
    Document load(std::int64_t doc) {
        Statement& st = load_statement();
        st.bind(1, doc);
        if (!st.step()) {
            st.reset();
            throw Error(Errc::bad_format, db.path(), fmt::format("the index is corrupted: document {} is missing", doc));
        }
        Document d;
        d.id = st.text(0);
        d.outlet = st.text(1);
        d.title = st.text(2);
        if (!st.is_null(3)) d.published = st.int64(3);
        d.published_granularity = st.int64(4);
        const auto bytes = static_cast<std::uint64_t>(st.int64(5));
        const std::span<const unsigned char> blob = st.blob(6);
        const unsigned long long declared = ZSTD_getFrameContentSize(blob.data(), blob.size());
        if (bytes > kMaxStoredText || declared != bytes) {
            st.reset();
            throw Error(Errc::bad_format, db.path(),
                        fmt::format("the index is corrupted: the text of '{}' does not decompress", d.id));
        }
        d.text.resize(bytes);
        const std::size_t n = ZSTD_decompress(d.text.data(), d.text.size(), blob.data(), blob.size());
        st.reset();
        if (ZSTD_isError(n) != 0 || n != bytes || text::check_utf8(d.text).invalid_sequences != 0) {
            throw Error(Errc::bad_format, db.path(),
                        fmt::format("the index is corrupted: the text of '{}' does not decompress", d.id));
        }
        return d;
    }

    Statement& load_statement() {
        return cached(load_, "SELECT id, outlet, title, published, granularity, text_bytes, text FROM documents WHERE doc = ?1");
    }

    /// A statement prepared once per connection and reused by every check.
    Statement& cached(std::unique_ptr<Statement>& slot, const char* sql) {
        if (!slot) slot = std::make_unique<Statement>(db, sql);
        return *slot;
    }

    /// The postings of this connection, prepared on first use.
    detail::Postings& postings() {
        if (!postings_) postings_ = std::make_unique<detail::Postings>(db);
        return *postings_;
    }

    /// The Remover of this connection, prepared on first use.
    Remover& remover() {
        if (!remover_) remover_ = std::make_unique<Remover>(db, postings());
        return *remover_;
    }

    std::unique_ptr<Statement> load_, find_by_id, fingerprint_count, insert_doc;
    std::unique_ptr<detail::Postings> postings_;
    std::unique_ptr<Remover> remover_;
};

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

const std::string& Index::path() const { return impl_->db.path(); }
const Parameters& Index::parameters() const { return impl_->parameters; }

const score::Background& Index::background() const { return impl_->background; }

void Index::set_background(const score::Background& background) {
    Database& db = impl_->db;
    Transaction tx(db);
    if (background.valid()) {
        Statement put(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
        put.bind(1, std::string_view(kBackgroundKey)).bind(2, std::string_view(format_background(background)));
        put.step();
    } else {
        Statement drop(db, "DELETE FROM meta WHERE key = ?1");
        drop.bind(1, std::string_view(kBackgroundKey));
        drop.step();
    }
    tx.commit();
    impl_->background = background;
}

const candidates::Furniture& Index::furniture() const { return impl_->furniture; }

void Index::set_furniture(std::span<const candidates::OutletFurniture> outlets) {
    Database& db = impl_->db;
    Transaction tx(db);
    db.exec(kFurnitureSchema);
    Statement put(db, "INSERT OR REPLACE INTO furniture(outlet, articles, hashes) VALUES(?1, ?2, ?3)");
    std::vector<unsigned char> blob;
    for (const candidates::OutletFurniture& o : outlets) {
        blob.clear();
        for (const std::uint64_t h : o.hashes) {
            for (std::size_t b = 0; b < 8; ++b) blob.push_back(static_cast<unsigned char>(h >> (8 * b)));
        }
        put.bind(1, std::string_view(o.outlet)).bind(2, static_cast<std::int64_t>(o.articles)).bind_blob(3, blob);
        put.step();
        put.reset();
    }
    tx.commit();
    impl_->furniture = read_furniture(db);
}

std::vector<std::vector<std::int64_t>> Index::recent_rows(std::span<const std::string> outlets,
                                                          std::size_t limit) const {
    std::vector<std::vector<std::int64_t>> out(outlets.size());
    if (outlets.empty() || limit == 0) return out;
    Statement st(impl_->db, "SELECT doc, outlet FROM documents ORDER BY doc DESC");
    std::size_t full = 0;
    while (full < outlets.size() && st.step()) {
        const std::string outlet = st.text(1);
        const auto it = std::lower_bound(outlets.begin(), outlets.end(), outlet);
        if (it == outlets.end() || *it != outlet) continue;
        std::vector<std::int64_t>& rows = out[static_cast<std::size_t>(it - outlets.begin())];
        if (rows.size() >= limit) continue;
        rows.push_back(st.int64(0));
        if (rows.size() == limit) ++full;
    }
    for (auto& rows : out) std::reverse(rows.begin(), rows.end());
    return out;
}

std::uint64_t Index::documents() const { return impl_->documents; }

std::vector<std::int64_t> Index::rows() const {
    Statement st(impl_->db, "SELECT doc FROM documents ORDER BY doc");
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

void Index::require(const Parameters& requested) const {
    if (impl_->parameters == requested) return;
    throw Error(Errc::bad_argument, path(),
                fmt::format("the index was built with {}; this run asks for {} (leave out the sketch options to use "
                            "the index's own)",
                            impl_->parameters.describe(), requested.describe()));
}

Index Index::open_for_writing(const std::string& path, const Parameters& parameters, bool require_same) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(Errc::not_a_file, path, "is a directory, not an index file");
    if (file_size_or_zero(path) > 0) check_not_truncated(path);
    const std::filesystem::path dir = std::filesystem::absolute(path, ec).lexically_normal().parent_path();
    if (!ec && std::filesystem::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) != 0) {
        throw Error(Errc::io, path,
                    fmt::format("cannot write the index: its directory {} cannot be written ({}; SQLite keeps its "
                                "write-ahead log and lock files beside the index)",
                                dir.string(), std::strerror(errno)));
    }
    auto impl = std::make_unique<Impl>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    Database& db = impl->db;
    // A new file, or one left without tables by a run killed while creating the index.
    const bool fresh = [&] {
        Statement tables(db, "SELECT COUNT(*) FROM sqlite_master");
        return tables.step() && tables.int64(0) == 0;
    }();
    if (fresh) {
        // The ranges read_parameters accepts: an index this writes always opens again.
        const auto in = [](std::uint32_t v, std::uint32_t hi) { return v >= 1 && v <= hi; };
        if (!in(parameters.shingle_tokens, kMaxShingleTokens) || !in(parameters.winnow_window, kMaxWinnowWindow) ||
            !in(parameters.minhash_size, kMaxMinhashSize) || !in(parameters.lsh_bands, parameters.minhash_size)) {
            throw Error(Errc::bad_argument, path, fmt::format("invalid index parameters {}", parameters.describe()));
        }
        // Chunks of packed postings are a few hundred bytes to a few kB: larger pages hold more of
        // them (set before the first write, which fixes the page size of the file).
        db.exec("PRAGMA page_size = 16384");
        // The pages of merged runs are reused by later batches; optimize gives them back to the
        // file system (incremental_vacuum), which needs this mode from the first table on.
        db.exec("PRAGMA auto_vacuum = INCREMENTAL");
        db.exec("PRAGMA journal_mode = WAL");
        create_schema(db, parameters);
        impl->parameters = parameters;
    } else {
        impl->parameters = read_parameters(db);
        impl->background = read_background(db);
        impl->furniture = read_furniture(db);
        impl->count_documents();
        db.exec("PRAGMA journal_mode = WAL");
    }
    Index index(std::move(impl));
    if (!fresh && require_same) index.require(parameters);
    // WAL with synchronous=NORMAL: a committed batch survives a killed process; a power cut may
    // lose the last batches but never corrupts the file.
    index.impl_->db.exec("PRAGMA synchronous = NORMAL");
    index.impl_->db.exec("PRAGMA cache_size = -262144");
    return index;
}

Index Index::open_for_reading(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(Errc::io, path, "no such index file");
    if (std::filesystem::is_directory(path, ec)) throw Error(Errc::not_a_file, path, "is a directory, not an index file");
    if (file_size_or_zero(path) == 0) throw Error(Errc::bad_format, path, "not a wiretrace index yet: the file is empty (was the first `index add` interrupted? run it again)");
    check_not_truncated(path);
    auto impl = std::make_unique<Impl>(path, SQLITE_OPEN_READONLY, read_only_uri(path));
    // A check reads a chunk of postings per key and run: mapped pages are read without a copy.
    impl->db.exec("PRAGMA mmap_size = 17179869184");
    impl->db.exec("PRAGMA cache_size = -65536");
    impl->parameters = read_parameters(impl->db);
    impl->background = read_background(impl->db);
    impl->furniture = read_furniture(impl->db);
    impl->count_documents();
    return Index(std::move(impl));
}

Index Index::open_existing_for_writing(const std::string& path) {
    const Parameters own = open_for_reading(path).parameters();  // the same checks and messages
    return open_for_writing(path, own, true);
}

StoreCounts Index::store(std::span<const Prepared> batch, OnDuplicate on_duplicate) {
    Database& db = impl_->db;
    Remover& remover = impl_->remover();
    Statement& insert_doc = impl_->cached(
        impl_->insert_doc,
        "INSERT INTO documents(id, outlet, title, published, granularity, wire, tokens, fingerprints, band_keys, "
        "text_bytes, text) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    Transaction tx(db);
    StoreCounts counts;
    std::vector<detail::Posting> fingerprint_rows, band_rows;
    for (const Prepared& item : batch) {
        if (remover.exists(item.doc.id)) {
            if (on_duplicate == OnDuplicate::skip) {
                ++counts.duplicates;
                continue;
            }
            remover.remove(item.doc.id);
            ++counts.replaced;
        } else {
            ++counts.added;
        }
        const Document& d = item.doc;
        const Keys& keys = item.keys;
        insert_doc.bind(1, std::string_view(d.id)).bind(2, std::string_view(d.outlet)).bind(3, std::string_view(d.title));
        d.published ? insert_doc.bind(4, *d.published) : insert_doc.bind_null(4);
        insert_doc.bind(5, d.published_granularity)
            .bind(6, std::int64_t{item.wire})
            .bind(7, std::int64_t{item.tokens})
            .bind(8, static_cast<std::int64_t>(keys.fingerprints.size()))
            .bind(9, static_cast<std::int64_t>(keys.bands.size()))
            .bind(10, static_cast<std::int64_t>(d.text.size()))
            .bind_blob(11, item.compressed);
        insert_doc.step();
        insert_doc.reset();
        const std::int64_t doc = sqlite3_last_insert_rowid(db.handle());
        for (const std::int64_t h : keys.fingerprints) fingerprint_rows.push_back({static_cast<std::uint64_t>(h), doc});
        for (const std::int64_t k : keys.bands) band_rows.push_back({static_cast<std::uint64_t>(k), doc});
    }
    // One sorted run per kind, appended after the runs there are (no insert between stored rows).
    const auto append = [&](KeyKind kind, std::vector<detail::Posting>& rows) {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        impl_->postings().append(static_cast<int>(kind), rows);
    };
    append(KeyKind::fingerprint, fingerprint_rows);
    append(KeyKind::band, band_rows);
    tx.commit();
    impl_->documents += counts.added;
    return counts;
}

std::vector<std::string> Index::remove(std::span<const std::string> ids) {
    Database& db = impl_->db;
    Remover& remover = impl_->remover();
    std::vector<std::string> missing;
    Transaction tx(db);
    for (const std::string& id : ids) {
        if (!remover.remove(id)) missing.push_back(id);
    }
    tx.commit();
    impl_->documents -= ids.size() - missing.size();
    return missing;
}

Summary Index::summary() const {
    Database& db = impl_->db;
    Summary s;
    s.path = db.path();
    s.parameters = impl_->parameters;
    s.background = impl_->background;
    Statement st(db,
                 "SELECT COUNT(*), COUNT(DISTINCT NULLIF(outlet, '')), SUM(published IS NULL), MIN(published), "
                 "MAX(published), TOTAL(text_bytes), TOTAL(fingerprints), TOTAL(band_keys) FROM documents");
    if (st.step()) {
        s.documents = static_cast<std::uint64_t>(st.int64(0));
        s.outlets = static_cast<std::uint64_t>(st.int64(1));
        s.undated = static_cast<std::uint64_t>(st.int64(2));
        if (!st.is_null(3)) s.first_published = st.int64(3);
        if (!st.is_null(4)) s.last_published = st.int64(4);
        s.text_bytes = static_cast<std::uint64_t>(st.int64(5));
        s.fingerprints = static_cast<std::uint64_t>(st.int64(6));
        s.band_keys = static_cast<std::uint64_t>(st.int64(7));
    }
    s.file_bytes = file_size_or_zero(db.path()) + file_size_or_zero(db.path() + "-wal");
    for (const KeyKind kind : {KeyKind::fingerprint, KeyKind::band}) {
        for (const detail::Run& run : impl_->postings().runs(static_cast<int>(kind))) {
            ++s.runs;
            (kind == KeyKind::fingerprint ? s.fingerprint_postings : s.band_postings) += run.postings;
        }
    }
    return s;
}

Index::Snapshot::Snapshot(std::unique_ptr<Transaction> tx) : tx_(std::move(tx)) {}
Index::Snapshot::Snapshot(Snapshot&&) noexcept = default;
Index::Snapshot& Index::Snapshot::operator=(Snapshot&&) noexcept = default;
Index::Snapshot::~Snapshot() = default;

Index::Snapshot Index::snapshot() const {
    return Snapshot(std::make_unique<Transaction>(impl_->db, Transaction::Kind::read));
}

KeyHits Index::look_up(KeyKind kind, std::span<const std::int64_t> keys, std::uint32_t cap) const {
    KeyHits hits;
    impl_->postings().look_up(static_cast<int>(kind), keys, cap, hits.docs, hits.skipped);
    return hits;
}

bool Index::optimize() {
    Transaction tx(impl_->db);
    bool changed = false;
    for (const KeyKind kind : {KeyKind::fingerprint, KeyKind::band}) {
        changed = impl_->postings().optimize(static_cast<int>(kind)) || changed;
    }
    // The merged runs' pages are free now: moved to the end of the file and cut off (the index
    // keeps its size per story instead of the size of two copies of its postings).
    if (changed) impl_->db.exec("PRAGMA incremental_vacuum");
    tx.commit();
    return changed;
}

std::uint32_t Index::fingerprint_count(std::int64_t doc) const {
    Statement& count = impl_->cached(impl_->fingerprint_count, "SELECT fingerprints FROM documents WHERE doc = ?1");
    count.bind(1, doc);
    const std::int64_t known = count.step() ? count.int64(0) : 0;
    count.reset();
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(known, 0, std::numeric_limits<std::uint32_t>::max()));
}

Document Index::load(std::int64_t doc) const { return impl_->load(doc); }

std::optional<std::int64_t> Index::find(std::string_view id) const {
    Statement& st = impl_->cached(impl_->find_by_id, "SELECT doc FROM documents WHERE id = ?1");
    st.bind(1, id);
    std::optional<std::int64_t> row;
    if (st.step()) row = st.int64(0);
    st.reset();
    return row;
}

}  // namespace wiretrace::index
