// SPDX-License-Identifier: Apache-2.0
// The distributed scan over MPI. Every rank runs the stages of scan.cpp and candidates.cpp on its
// part of the data, and the ranks exchange what the next stage needs:
//   read       rank 0 cuts the inputs into parts (whole files; byte ranges of large plain JSONL
//              files); each rank reads consecutive parts, so articles are numbered in input order
//              by a prefix sum of the ranks' counts; document frequencies are summed (Allreduce).
//   candidates fingerprint and band keys go to the rank owning their hash range (Alltoallv);
//              a useful fingerprint group goes back to the ranks owning its documents, which run
//              the per-document selection; band pairs are counted by the rank owning their first
//              document and selected by the rank owning each end; a rank asks the owners for the
//              DocInfo of the documents it has not read.
//   verify     each candidate pair is verified by the rank owning one of its documents (chosen
//              by the pair, for balance), which fetches the other text from its owner, in rounds
//              of bounded size.
//   provenance rank 0 gathers the articles' metadata and the verified pairs and builds the
//              forest; the lineage pairs it still needs are verified by the ranks as above.
#include <mpi.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <span>
#include <climits>
#include <cstring>
#include <fmt/format.h>
#include <string_view>
#include <tbb/parallel_sort.h>
#include <type_traits>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "candidates/join.hpp"
#include "hash.hpp"
#include "run/stages.hpp"
#include "wiretrace/run/distributed.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::scan::distributed {
namespace {

using candidates::DocInfo;
using candidates::detail::DocTable;
using candidates::detail::Keys;
using scan::detail::PairList;
using scan::detail::Verified;

/// Parts of the inputs per rank: big files are cut so that every rank gets about this many.
constexpr std::uint64_t kPartsPerRank = 4;
/// No byte range smaller than this (a few records would not pay for the extra open).
constexpr std::uint64_t kMinSplitBytes = std::uint64_t{1} << 20;
/// Pairs a rank verifies per round: the texts it fetches for one round stay in memory.
constexpr std::size_t kRoundPairs = 8192;

[[noreturn]] void mpi_failed(int rc, std::string_view what) {
    char message[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(rc, message, &length);
    throw Error(Errc::io, "", fmt::format("{} failed: {}", what, std::string_view(message, static_cast<std::size_t>(length))));
}

void check_mpi(int rc, std::string_view what) {
    if (rc != MPI_SUCCESS) mpi_failed(rc, what);
}

/// Values and strings appended to a byte buffer, read back in the same order.
class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}
    template <typename T>
    Writer& pod(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&value), sizeof value);
        return *this;
    }
    Writer& str(std::string_view s) {
        pod(static_cast<std::uint64_t>(s.size()));
        out_.append(s);
        return *this;
    }
    template <typename T>
    Writer& vec(const std::vector<T>& v) {
        pod(static_cast<std::uint64_t>(v.size()));
        out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
        return *this;
    }

private:
    std::string& out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool done() const { return pos_ == in_.size(); }
    template <typename T>
    T pod() {
        T value;
        take(&value, sizeof value);
        return value;
    }
    std::string str() {
        const auto n = pod<std::uint64_t>();
        std::string s(n, '\0');
        take(s.data(), n);
        return s;
    }
    template <typename T>
    std::vector<T> vec() {
        const auto n = pod<std::uint64_t>();
        std::vector<T> v(n);
        take(v.data(), n * sizeof(T));
        return v;
    }

private:
    void take(void* dst, std::size_t n) {
        if (n > in_.size() - pos_) throw Error(Errc::io, "", "distributed scan: a message ended early");
        if (n == 0) return;  // dst may be null (an empty vector): memcpy must not see it
        std::memcpy(dst, in_.data() + pos_, n);
        pos_ += n;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
};

/// MPI_COMM_WORLD with the payload bytes this rank sent to and received from the others.
class Comm {
public:
    Comm() {
        check_mpi(MPI_Comm_rank(MPI_COMM_WORLD, &rank), "MPI_Comm_rank");
        check_mpi(MPI_Comm_size(MPI_COMM_WORLD, &size), "MPI_Comm_size");
    }

    int rank = 0;
    int size = 1;
    std::uint64_t sent = 0;
    std::uint64_t received = 0;

    /// Sends out[r] to every rank r; returns what the ranks sent here, in rank order, and the
    /// number of elements from each (when `counts` is not null).
    template <typename T>
    std::vector<T> exchange(const std::vector<std::vector<T>>& out, std::vector<std::size_t>* counts = nullptr) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto n = static_cast<std::size_t>(size);
        std::vector<std::uint64_t> send_counts(n), recv_counts(n);
        for (std::size_t r = 0; r < n; ++r) send_counts[r] = out[r].size();
        check_mpi(MPI_Alltoall(send_counts.data(), 1, MPI_UINT64_T, recv_counts.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD),
                  "MPI_Alltoall");
        std::vector<T> send;
        std::vector<int> sc(n), sd(n), rc(n), rd(n);
        std::uint64_t send_total = 0;
        std::uint64_t recv_total = 0;
        for (std::size_t r = 0; r < n; ++r) {
            sd[r] = to_int(send_total);
            sc[r] = to_int(send_counts[r]);
            rd[r] = to_int(recv_total);
            rc[r] = to_int(recv_counts[r]);
            send_total += send_counts[r];
            recv_total += recv_counts[r];
            to_int(send_total);
            to_int(recv_total);
            if (static_cast<int>(r) != rank) {
                sent += send_counts[r] * sizeof(T);
                received += recv_counts[r] * sizeof(T);
            }
        }
        send.reserve(send_total);
        for (const auto& part : out) send.insert(send.end(), part.begin(), part.end());
        std::vector<T> recv(recv_total);
        MPI_Datatype type = MPI_DATATYPE_NULL;
        check_mpi(MPI_Type_contiguous(static_cast<int>(sizeof(T)), MPI_BYTE, &type), "MPI_Type_contiguous");
        check_mpi(MPI_Type_commit(&type), "MPI_Type_commit");
        const int rc_all = MPI_Alltoallv(send.data(), sc.data(), sd.data(), type, recv.data(), rc.data(), rd.data(),
                                         type, MPI_COMM_WORLD);
        MPI_Type_free(&type);
        check_mpi(rc_all, "MPI_Alltoallv");
        if (counts != nullptr) counts->assign(recv_counts.begin(), recv_counts.end());
        return recv;
    }

    /// Byte messages: out[r] to rank r; returns the message from each rank.
    std::vector<std::string> exchange_bytes(const std::vector<std::string>& out) {
        std::vector<std::vector<char>> parts(out.size());
        for (std::size_t r = 0; r < out.size(); ++r) parts[r].assign(out[r].begin(), out[r].end());
        std::vector<std::size_t> counts;
        const std::vector<char> all = exchange(parts, &counts);
        std::vector<std::string> in(counts.size());
        std::size_t at = 0;
        for (std::size_t r = 0; r < counts.size(); ++r) {
            in[r].assign(all.data() + at, counts[r]);
            at += counts[r];
        }
        return in;
    }

    /// Every rank's message, on rank 0 (in rank order); empty elsewhere.
    std::vector<std::string> gather(const std::string& mine) {
        std::vector<std::string> out(static_cast<std::size_t>(size));
        out[0] = mine;
        std::vector<std::string> in = exchange_bytes(rank == 0 ? std::vector<std::string>(out.size()) : out);
        if (rank != 0) return {};
        in[0] = mine;
        return in;
    }

    /// Rank 0's message, on every rank.
    std::string broadcast(std::string message) {
        std::uint64_t n = message.size();
        check_mpi(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
        message.resize(n);
        for (std::uint64_t at = 0; at < n;) {
            const auto chunk = static_cast<int>(std::min<std::uint64_t>(n - at, INT_MAX));
            check_mpi(MPI_Bcast(message.data() + at, chunk, MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
            at += static_cast<std::uint64_t>(chunk);
        }
        if (rank == 0) {
            sent += n * static_cast<std::uint64_t>(size - 1);
        } else {
            received += n;
        }
        return message;
    }

    std::uint64_t sum(std::uint64_t value) {
        check_mpi(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
        return value;
    }
    std::uint64_t max(std::uint64_t value) {
        check_mpi(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
        return value;
    }
    /// Every rank's value, in rank order, on every rank.
    std::vector<std::uint64_t> all(std::uint64_t value) {
        std::vector<std::uint64_t> out(static_cast<std::size_t>(size));
        check_mpi(MPI_Allgather(&value, 1, MPI_UINT64_T, out.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD), "MPI_Allgather");
        return out;
    }
    /// Element-wise sum over the ranks, in place (a few counters).
    void sum(std::span<std::uint64_t> values) {
        check_mpi(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM,
                                MPI_COMM_WORLD),
                  "MPI_Allreduce");
    }
    /// Element-wise sum over the ranks, in place (the document-frequency table).
    void sum(std::span<std::uint32_t> values) {
        for (std::size_t at = 0; at < values.size();) {
            const auto chunk = static_cast<int>(std::min<std::size_t>(values.size() - at, INT_MAX / 4));
            check_mpi(MPI_Allreduce(MPI_IN_PLACE, values.data() + at, chunk, MPI_UINT32_T, MPI_SUM, MPI_COMM_WORLD),
                      "MPI_Allreduce");
            at += static_cast<std::size_t>(chunk);
        }
        if (size > 1) {  // the payload, whatever the reduction algorithm sends
            sent += values.size_bytes();
            received += values.size_bytes();
        }
    }

private:
    static int to_int(std::uint64_t n) {
        if (n > static_cast<std::uint64_t>(INT_MAX)) {
            throw Error(Errc::too_large, "",
                        "distributed scan: more than 2^31 elements in one exchange between ranks (run more ranks)");
        }
        return static_cast<int>(n);
    }
};

/// Which rank holds which articles: rank r holds [first[r], first[r + 1]).
struct Owners {
    std::vector<std::uint32_t> first;  ///< size + 1 entries

    int of(std::uint32_t doc) const {
        return static_cast<int>(std::upper_bound(first.begin(), first.end(), doc) - first.begin()) - 1;
    }
    /// The rank that verifies a pair: the owner of one of its documents, alternating by the pair
    /// so that a rank holding early sources does not verify all their copies.
    int verifier(std::uint32_t a, std::uint32_t b) const { return ((a ^ b) & 1U) != 0 ? of(a) : of(b); }
};

/// The rank owning each key's hash: ranks own equal slices of the hash space.
int hash_owner(std::uint64_t key, int size) {
    return static_cast<int>((candidates::key_hash(key) * static_cast<std::uint64_t>(size)) >>
                            (64 - candidates::kDocBits));
}

/// The ids of `articles` (this rank's, each id once) that articles of earlier ranks have too.
/// Every id goes to the rank owning its hash, which sends each repeat back to the ranks after
/// the first one holding it: the ranks read consecutive parts, so the earlier rank's record is
/// the earlier record of the inputs.
std::unordered_set<std::string> ids_read_earlier(Comm& comm, const std::vector<Article>& articles) {
    const auto ranks = static_cast<std::size_t>(comm.size);
    std::vector<std::string> out(ranks);
    for (const Article& a : articles) {
        Writer(out[::wiretrace::detail::hash_bytes(a.id.data(), a.id.size()) % ranks]).str(a.id);
    }
    const std::vector<std::string> in = comm.exchange_bytes(out);
    std::unordered_map<std::string, std::size_t> first_rank;
    std::vector<std::string> back(ranks);
    for (std::size_t r = 0; r < ranks; ++r) {
        Reader reader(in[r]);
        while (!reader.done()) {
            std::string id = reader.str();
            const auto [at, first] = first_rank.try_emplace(std::move(id), r);
            if (!first && at->second != r) Writer(back[r]).str(at->first);
        }
    }
    std::unordered_set<std::string> earlier;
    for (const std::string& part : comm.exchange_bytes(back)) {
        Reader reader(part);
        while (!reader.done()) earlier.insert(reader.str());
    }
    return earlier;
}

Keys exchange_by_hash(Comm& comm, Keys keys) {
    std::vector<Keys> out(static_cast<std::size_t>(comm.size));
    for (const std::uint64_t k : keys) out[static_cast<std::size_t>(hash_owner(k, comm.size))].push_back(k);
    Keys().swap(keys);
    return comm.exchange(out);
}

/// DocInfo of the documents in `docs` (sorted, unique) that this rank does not hold, from their owners.
std::vector<std::pair<std::uint32_t, DocInfo>> fetch_info(Comm& comm, const Owners& owners, const DocTable& local,
                                                          const std::vector<std::uint32_t>& docs) {
    std::vector<std::vector<std::uint32_t>> ask(static_cast<std::size_t>(comm.size));
    for (const std::uint32_t d : docs) {
        if (!local.is_local(d)) ask[static_cast<std::size_t>(owners.of(d))].push_back(d);
    }
    std::vector<std::size_t> counts;
    const std::vector<std::uint32_t> asked = comm.exchange(ask, &counts);
    std::vector<std::vector<DocInfo>> answer(static_cast<std::size_t>(comm.size));
    std::size_t at = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
        for (std::size_t i = 0; i < counts[r]; ++i) answer[r].push_back(local[asked[at++]]);
    }
    const std::vector<DocInfo> got = comm.exchange(answer);
    std::vector<std::pair<std::uint32_t, DocInfo>> remote;
    remote.reserve(got.size());
    at = 0;
    for (const auto& wanted : ask) {
        for (const std::uint32_t d : wanted) remote.emplace_back(d, got[at++]);
    }
    return remote;  // ranks ascending, so documents ascending
}

/// DocTable of this rank's documents and those of `docs` it does not hold.
DocTable table_for(Comm& comm, const Owners& owners, std::span<const DocInfo> info, std::vector<std::uint32_t> docs) {
    DocTable table(info, owners.first[static_cast<std::size_t>(comm.rank)]);
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    table.set_remote(fetch_info(comm, owners, table, docs));
    return table;
}

/// Sends each pair code to the rank that verifies it; returns the codes this rank verifies,
/// sorted and unique.
Keys route_codes(Comm& comm, const Owners& owners, const Keys& codes) {
    std::vector<Keys> out(static_cast<std::size_t>(comm.size));
    for (const std::uint64_t c : codes) {
        out[static_cast<std::size_t>(owners.verifier(static_cast<std::uint32_t>(c >> 32), static_cast<std::uint32_t>(c)))]
            .push_back(c);
    }
    Keys in = comm.exchange(out);
    tbb::parallel_sort(in.begin(), in.end());
    in.erase(std::unique(in.begin(), in.end()), in.end());
    return in;
}

/// The candidate pairs this rank verifies (sorted pair codes); this rank's part of the
/// candidate statistics in `stats` (summed over the ranks, they are one process's).
Keys find_candidates(Comm& comm, const Owners& owners, scan::detail::Sketched& sk, const candidates::Options& o,
                     candidates::Stats& stats) {
    using namespace candidates::detail;
    const auto me = static_cast<std::size_t>(comm.rank);
    const std::uint32_t first = owners.first[me];
    const std::uint32_t end = owners.first[me + 1];
    stats.fingerprint_keys = sk.fingerprint_keys.size();
    stats.band_keys = sk.band_keys.size();

    // Fingerprints: this rank's hash range, grouped; each useful group to its documents' owners.
    Keys fingerprint_codes;
    {
        Keys keys = exchange_by_hash(comm, std::move(sk.fingerprint_keys));
        tbb::parallel_sort(keys.begin(), keys.end());
        const std::vector<std::size_t> starts = group_starts(keys);
        std::vector<Keys> out(static_cast<std::size_t>(comm.size));
        std::vector<int> to;
        for (const std::uint32_t g : useful_groups(starts, o, stats)) {
            to.clear();
            for (std::size_t i = starts[g]; i < starts[g + 1]; ++i) to.push_back(owners.of(candidates::key_doc(keys[i])));
            std::sort(to.begin(), to.end());
            to.erase(std::unique(to.begin(), to.end()), to.end());
            for (const int r : to) {
                out[static_cast<std::size_t>(r)].insert(out[static_cast<std::size_t>(r)].end(),
                                                        keys.begin() + static_cast<std::ptrdiff_t>(starts[g]),
                                                        keys.begin() + static_cast<std::ptrdiff_t>(starts[g + 1]));
            }
        }
        Keys().swap(keys);
        candidates::Stats counted_by_hash_owner;  // the groups were counted above
        const FingerprintIndex index(comm.exchange(out), first, end, o, counted_by_hash_owner);
        const DocTable docs = table_for(comm, owners, sk.info, index.documents());
        fingerprint_codes = join_fingerprints(index, first, end, docs, o, stats);
    }

    // LSH bands: pairs per band group in this rank's hash range; counted per pair by the owner
    // of its first document; selected per document by the owner of each end.
    Keys band_kept;
    {
        Keys keys = exchange_by_hash(comm, std::move(sk.band_keys));
        tbb::parallel_sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        const std::vector<std::size_t> starts = group_starts(keys);
        std::vector<std::uint32_t> hubs;  // members of groups above the cap: a star needs their times
        for (std::size_t g = 0; g + 1 < starts.size(); ++g) {
            if (starts[g + 1] - starts[g] <= o.max_document_frequency) continue;
            for (std::size_t i = starts[g]; i < starts[g + 1]; ++i) hubs.push_back(candidates::key_doc(keys[i]));
        }
        const DocTable hub_docs = table_for(comm, owners, sk.info, std::move(hubs));
        const Keys codes = band_codes(std::move(keys), hub_docs, o, stats);

        std::vector<Keys> by_first(static_cast<std::size_t>(comm.size));
        for (const std::uint64_t c : codes) by_first[static_cast<std::size_t>(owners.of(static_cast<std::uint32_t>(c >> 32)))].push_back(c);
        Keys mine = comm.exchange(by_first);
        tbb::parallel_sort(mine.begin(), mine.end());
        std::vector<std::uint32_t> seconds(mine.size());
        std::transform(mine.begin(), mine.end(), seconds.begin(), [](std::uint64_t c) { return static_cast<std::uint32_t>(c); });
        const DocTable pair_docs = table_for(comm, owners, sk.info, std::move(seconds));
        const std::vector<BandEdge> edges = band_edges(mine, pair_docs, o, stats);

        std::vector<std::vector<BandEdge>> by_doc(static_cast<std::size_t>(comm.size));
        for (const BandEdge& e : edges) by_doc[static_cast<std::size_t>(owners.of(e.doc))].push_back(e);
        std::vector<BandEdge> own = comm.exchange(by_doc);
        std::vector<std::uint32_t> partners(own.size());
        std::transform(own.begin(), own.end(), partners.begin(), [](const BandEdge& e) { return e.partner; });
        const DocTable edge_docs = table_for(comm, owners, sk.info, std::move(partners));
        band_kept = select_band_edges(std::move(own), edge_docs, o);
    }

    Keys all;
    all.reserve(fingerprint_codes.size() + band_kept.size());
    all.insert(all.end(), fingerprint_codes.begin(), fingerprint_codes.end());
    all.insert(all.end(), band_kept.begin(), band_kept.end());
    Keys mine = route_codes(comm, owners, all);
    stats.pairs = mine.size();
    return mine;
}

void write_document(Writer& w, const Document& d) {
    w.str(d.id).str(d.outlet).str(d.title).pod(d.published.has_value()).pod(d.published.value_or(0));
    w.pod(d.published_granularity).str(d.text);
}

Document read_document(Reader& r) {
    Document d;
    d.id = r.str();
    d.outlet = r.str();
    d.title = r.str();
    const bool has_time = r.pod<bool>();
    const auto time = r.pod<std::int64_t>();
    if (has_time) d.published = time;
    d.published_granularity = r.pod<std::int64_t>();
    d.text = r.str();
    return d;
}

/// What a rank holds for verification: its articles (numbered from `first`) and their texts.
struct Local {
    const std::vector<Article>& articles;
    std::uint32_t first;
    const scan::detail::Spool& spool;
    const tfidf::DocumentFrequencies& df;
    const Params& params;
};

/// Verifies `pairs` (sorted, a < b, each with a document of this rank) in rounds of kRoundPairs:
/// per round, the texts of the other documents come from their owners. Collective: every rank
/// calls it, with its own pairs. Results in the order of `pairs`.
std::vector<Verified> verify_pairs(Comm& comm, const Owners& owners, const Local& local, const PairList& pairs,
                                   scan::detail::ProgressMeter& prog) {
    const scan::detail::DocumentFn spooled = scan::detail::spooled_documents(local.articles, local.first, local.spool);
    const auto me = static_cast<std::size_t>(comm.rank);
    const auto is_local = [&](std::uint32_t d) { return d - local.first < owners.first[me + 1] - local.first; };
    const std::uint64_t rounds = comm.max((pairs.size() + kRoundPairs - 1) / kRoundPairs);
    std::vector<Verified> out;
    out.reserve(pairs.size());
    for (std::uint64_t round = 0; round < rounds; ++round) {
        const std::size_t begin = std::min(pairs.size(), static_cast<std::size_t>(round) * kRoundPairs);
        const std::size_t end = std::min(pairs.size(), begin + kRoundPairs);
        const PairList chunk(pairs.begin() + static_cast<std::ptrdiff_t>(begin),
                             pairs.begin() + static_cast<std::ptrdiff_t>(end));
        std::vector<std::uint32_t> remote;
        for (const auto& [a, b] : chunk) {
            if (!is_local(a)) remote.push_back(a);
            if (!is_local(b)) remote.push_back(b);
        }
        std::sort(remote.begin(), remote.end());
        remote.erase(std::unique(remote.begin(), remote.end()), remote.end());

        // Ask the owners for the texts, and answer their questions from the spool.
        std::vector<std::vector<std::uint32_t>> ask(static_cast<std::size_t>(comm.size));
        for (const std::uint32_t d : remote) ask[static_cast<std::size_t>(owners.of(d))].push_back(d);
        std::vector<std::size_t> counts;
        const std::vector<std::uint32_t> asked = comm.exchange(ask, &counts);
        std::vector<std::string> answers(static_cast<std::size_t>(comm.size));
        std::size_t at = 0;
        Document doc;
        for (std::size_t r = 0; r < counts.size(); ++r) {
            Writer w(answers[r]);
            for (std::size_t i = 0; i < counts[r]; ++i) {
                spooled(asked[at++], doc);
                write_document(w, doc);
            }
        }
        const std::vector<std::string> texts = comm.exchange_bytes(answers);
        std::unordered_map<std::uint32_t, Document> fetched;
        for (std::size_t r = 0; r < texts.size(); ++r) {
            Reader rd(texts[r]);
            for (const std::uint32_t d : ask[r]) fetched.emplace(d, read_document(rd));
        }
        const scan::detail::DocumentFn documents = [&](std::uint32_t n, Document& d) {
            if (is_local(n)) {
                spooled(n, d);
            } else {
                d = fetched.at(n);
            }
        };
        for (Verified& v : scan::detail::verify(chunk, documents, local.df, local.params, prog)) out.push_back(std::move(v));
    }
    return out;
}

/// Verified pairs as bytes; the token ranges only for derived pairs (provenance links).
void write_verified(Writer& w, const Verified& v) {
    const Pair& p = v.pair;
    w.pod(p.a).pod(p.b).pod(p.relation).pod(p.source.has_value()).pod(p.source.value_or(0));
    w.pod(p.coverage_a).pod(p.coverage_b).pod(p.jaccard).pod(p.cosine).str(p.decided_by).pod(p.edits).pod(v.matched);
    const bool links = is_derived(p.relation);
    w.pod(links);
    if (links) {
        w.vec(v.side_a.ranges).vec(v.side_b.ranges).vec(v.side_a.gap_keys).vec(v.side_b.gap_keys);
        w.vec(v.side_a.range_passage).vec(v.side_b.range_passage);
    }
}

Verified read_verified(Reader& r) {
    Verified v;
    Pair& p = v.pair;
    p.a = r.pod<std::uint32_t>();
    p.b = r.pod<std::uint32_t>();
    p.relation = r.pod<Relation>();
    const bool has_source = r.pod<bool>();
    const auto source = r.pod<std::uint32_t>();
    if (has_source) p.source = source;
    p.coverage_a = r.pod<double>();
    p.coverage_b = r.pod<double>();
    p.jaccard = r.pod<double>();
    p.cosine = r.pod<double>();
    p.decided_by = r.str();
    p.edits = r.pod<decltype(p.edits)>();
    v.matched = r.pod<std::uint32_t>();
    if (r.pod<bool>()) {
        v.side_a.ranges = r.vec<align::TokenRange>();
        v.side_b.ranges = r.vec<align::TokenRange>();
        v.side_a.gap_keys = r.vec<std::uint64_t>();
        v.side_b.gap_keys = r.vec<std::uint64_t>();
        v.side_a.range_passage = r.vec<std::uint32_t>();
        v.side_b.range_passage = r.vec<std::uint32_t>();
    }
    return v;
}

/// Every rank's verified pairs on rank 0, sorted by pair (empty elsewhere).
std::vector<Verified> gather_verified(Comm& comm, std::vector<Verified> mine) {
    std::string bytes;
    Writer w(bytes);
    for (const Verified& v : mine) write_verified(w, v);
    std::vector<Verified>().swap(mine);
    std::vector<Verified> all;
    for (const std::string& part : comm.gather(bytes)) {
        Reader r(part);
        while (!r.done()) all.push_back(read_verified(r));
    }
    std::sort(all.begin(), all.end(), [](const Verified& x, const Verified& y) {
        return pair_code(x.pair.a, x.pair.b) < pair_code(y.pair.a, y.pair.b);
    });
    return all;
}

/// The lineage pairs rank 0 needs (given there, ignored elsewhere), verified by their owners;
/// the results on rank 0 in the order of the pairs.
std::vector<Verified> verify_lineage(Comm& comm, const Owners& owners, const Local& local, const PairList& pairs,
                                     scan::detail::ProgressMeter& prog) {
    Keys codes;
    if (comm.rank == 0) {
        for (const auto& [a, b] : pairs) codes.push_back(pair_code(a, b));
    }
    std::string message;
    Writer(message).vec(codes);
    message = comm.broadcast(std::move(message));
    codes = Reader(message).vec<std::uint64_t>();
    PairList mine;
    for (const std::uint64_t c : codes) {
        const auto a = static_cast<std::uint32_t>(c >> 32);
        const auto b = static_cast<std::uint32_t>(c);
        if (owners.verifier(a, b) == comm.rank) mine.emplace_back(a, b);
    }
    return gather_verified(comm, verify_pairs(comm, owners, local, mine, prog));
}

void write_article(Writer& w, const Article& a) {
    w.str(a.id).str(a.outlet).str(a.title).pod(a.published.has_value()).pod(a.published.value_or(0));
    w.pod(a.published_granularity).pod(a.tokens).pod(a.wire).pod(a.text_bytes);
}

Article read_article(Reader& r) {
    Article a;
    a.id = r.str();
    a.outlet = r.str();
    a.title = r.str();
    const bool has_time = r.pod<bool>();
    const auto time = r.pod<std::int64_t>();
    if (has_time) a.published = time;
    a.published_granularity = r.pod<std::int64_t>();
    a.tokens = r.pod<std::uint32_t>();
    a.wire = r.pod<bool>();
    a.text_bytes = r.pod<std::uint64_t>();
    return a;
}

/// Read statistics of every rank added up on rank 0, diagnostics in input order.
void write_read_stats(Writer& w, const io::ReadStats& s) {
    w.pod(s.records).pod(s.skipped).pod(s.skipped_by_reason).pod(s.blank_lines).pod(s.bytes).pod(s.files);
    w.pod(s.ignored_files).pod(s.invalid_utf8_repaired).pod(s.unparsed_times);
    w.pod(static_cast<std::uint64_t>(s.diagnostics.size()));
    for (const io::Diagnostic& d : s.diagnostics) w.str(d.file).pod(d.line).str(d.id).pod(d.kind).str(d.reason);
}

void add_read_stats(Reader& r, io::ReadStats& s, std::size_t max_diagnostics) {
    s.records += r.pod<std::uint64_t>();
    s.skipped += r.pod<std::uint64_t>();
    const auto by_reason = r.pod<decltype(s.skipped_by_reason)>();
    for (std::size_t k = 0; k < by_reason.size(); ++k) s.skipped_by_reason[k] += by_reason[k];
    s.blank_lines += r.pod<std::uint64_t>();
    s.bytes += r.pod<std::uint64_t>();
    s.files += r.pod<std::uint64_t>();
    s.ignored_files += r.pod<std::uint64_t>();
    s.invalid_utf8_repaired += r.pod<std::uint64_t>();
    s.unparsed_times += r.pod<std::uint64_t>();
    const auto n = r.pod<std::uint64_t>();
    for (std::uint64_t i = 0; i < n; ++i) {
        io::Diagnostic d;
        d.file = r.str();
        d.line = r.pod<std::uint64_t>();
        d.id = r.str();
        d.kind = r.pod<io::SkipReason>();
        d.reason = r.str();
        if (s.diagnostics.size() < max_diagnostics) s.diagnostics.push_back(std::move(d));
    }
}

/// The candidate statistics are all counters: summed over the ranks.
candidates::Stats sum_stats(Comm& comm, const candidates::Stats& s) {
    std::array<std::uint64_t, 10> v{s.fingerprint_keys,  s.shared_fingerprints, s.boilerplate_fingerprints,
                                    s.boilerplate_keys,  s.fingerprint_pairs,   s.band_keys,
                                    s.band_pairs,        s.oversize_band_groups, s.outside_window,
                                    s.pairs};
    comm.sum(v);
    return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]};
}

/// Rank 0 plans the parts of the inputs and gives each rank a consecutive run of them, about
/// the same bytes each; standard input (whose size is unknown) and every part before it go to
/// rank 0, which is where mpirun sends standard input.
std::vector<io::InputPart> share_inputs(Comm& comm, const std::vector<std::string>& inputs,
                                        const io::ReaderOptions& options, io::ReadStats& plan_stats) {
    // A failure on rank 0 ends the job (the CLI aborts it) while the others wait below.
    std::vector<std::string> shares(static_cast<std::size_t>(comm.size));
    if (comm.rank == 0) {
        std::vector<io::InputPart> parts = io::plan_parts(inputs, options, plan_stats);
        std::uint64_t total = 0;
        for (const auto& p : parts) total += p.bytes;
        const std::uint64_t split =
            std::max(kMinSplitBytes, total / (kPartsPerRank * static_cast<std::uint64_t>(comm.size)) + 1);
        parts = io::split_parts(parts, split);
        const auto last_stdin = std::find_if(parts.rbegin(), parts.rend(), [](const auto& p) { return p.path == "-"; });
        const auto forced = static_cast<std::size_t>(parts.rend() - last_stdin);  // 0 without stdin
        std::uint64_t before = 0;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const std::uint64_t middle = before + parts[i].bytes / 2;
            before += parts[i].bytes;
            std::size_t r = total == 0 ? 0 : static_cast<std::size_t>(middle * static_cast<std::uint64_t>(comm.size) / total);
            if (i < forced) r = 0;
            r = std::min(r, shares.size() - 1);
            Writer w(shares[r]);
            w.str(parts[i].path).str(parts[i].id).pod(parts[i].begin).pod(parts[i].end).pod(parts[i].bytes);
        }
    }
    const std::vector<std::string> mine = comm.exchange_bytes(comm.rank == 0 ? shares : std::vector<std::string>(shares.size()));
    std::vector<io::InputPart> parts;
    Reader r(mine[0]);
    while (!r.done()) {
        io::InputPart p;
        p.path = r.str();
        p.id = r.str();
        p.begin = r.pod<std::uint64_t>();
        p.end = r.pod<std::uint64_t>();
        p.bytes = r.pod<std::uint64_t>();
        parts.push_back(std::move(p));
    }
    return parts;
}

std::uint64_t peak_rss_bytes() {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
}

}  // namespace

bool built_with_mpi() { return true; }

Session::Session() {
    int provided = 0;
    check_mpi(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    // Errors come back as codes (turned into wiretrace::Error) instead of ending the job.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    check_mpi(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
}

Session::~Session() { MPI_Finalize(); }

int Session::broadcast(int value) const {
    check_mpi(MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
    return value;
}

void Session::abort(int code) const {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::abort();  // MPI_Abort does not return
}

DistributedResult run(const Session& /*session*/, const std::vector<std::string>& inputs, const Options& o,
                      const ProgressFn& progress) {
    using namespace scan::detail;
    check(o);
    Comm comm;
    const bool root = comm.rank == 0;
    const ProgressFn none;
    const ProgressFn& report = root ? progress : none;
    DistributedResult out;
    Stats stats;  // this rank's; on rank 0 it becomes the job's
    RankStats mine;

    io::ReadStats plan_stats;
    const std::vector<io::InputPart> parts = share_inputs(comm, inputs, o.reader, plan_stats);
    std::unique_ptr<Spool> spool;
    Sketched sk;
    Owners owners;
    {
        StageTimer t(stats, Stage::read);
        // Ids name the articles in every report: a repeated id is skipped, the first record wins,
        // as in one process. Repeats inside a rank's parts are skipped as they are read; a rank
        // holding ids that an earlier rank read too reads its parts again, taking those as read.
        io::ReaderOptions reader_options = o.reader;
        reader_options.unique_ids = true;
        const auto read = [&](std::unordered_set<std::string> earlier) {
            io::ArticleReader reader = io::ArticleReader::from_parts(parts, reader_options);
            reader.assume_read(std::move(earlier));
            spool = std::make_unique<Spool>(o.spool_dir);
            stats.text_bytes = 0;
            sk = read_and_sketch(reader, o, *spool, stats, report);
            stats.read = reader.stats();
        };
        read({});
        if (std::unordered_set<std::string> earlier = ids_read_earlier(comm, sk.articles); !earlier.empty()) {
            read(std::move(earlier));
        }
        // Number the articles in input order: the ranks read consecutive parts.
        const std::vector<std::uint64_t> counts = comm.all(sk.articles.size());
        std::uint64_t total = 0;
        owners.first.push_back(0);
        for (const std::uint64_t c : counts) {
            total += c;
            if (total > candidates::kMaxDocuments) {
                throw Error(Errc::too_large, "", fmt::format("more than {} articles in one scan", candidates::kMaxDocuments));
            }
            owners.first.push_back(static_cast<std::uint32_t>(total));
        }
        const std::uint32_t first = owners.first[static_cast<std::size_t>(comm.rank)];
        for (auto& k : sk.fingerprint_keys) k += first;  // the document number is in the low bits
        for (auto& k : sk.band_keys) k += first;
        const std::uint64_t documents = comm.sum(sk.df.documents());
        comm.sum(sk.df.counts());
        sk.df.set_documents(documents);
    }
    const auto sent_in = [&](Stage stage, std::uint64_t before) {
        mine.bytes_sent_by_stage[static_cast<std::size_t>(stage)] = comm.sent - before;
        return comm.sent;
    };
    std::uint64_t sent = sent_in(Stage::read, 0);
    const auto me = static_cast<std::size_t>(comm.rank);
    Keys codes;
    {
        StageTimer t(stats, Stage::candidates);
        codes = find_candidates(comm, owners, sk, o.candidates, stats.candidates);
    }
    sent = sent_in(Stage::candidates, sent);
    const Local local{sk.articles, owners.first[me], *spool, sk.df, o.params};
    std::vector<Verified> verified;
    {
        StageTimer t(stats, Stage::verify);
        PairList todo;
        todo.reserve(codes.size());
        for (const std::uint64_t c : codes) todo.emplace_back(static_cast<std::uint32_t>(c >> 32), static_cast<std::uint32_t>(c));
        Keys().swap(codes);
        ProgressMeter prog(report, Stage::verify, todo.size());
        verified = verify_pairs(comm, owners, local, todo, prog);
        mine.verified = verified.size();
    }
    sent = sent_in(Stage::verify, sent);

    // Rank 0 gathers the metadata, the statistics and the verified pairs.
    mine.articles = sk.articles.size();
    mine.text_bytes = stats.text_bytes;
    const candidates::Stats candidate_stats = sum_stats(comm, stats.candidates);
    const std::uint64_t text_bytes = comm.sum(stats.text_bytes);
    std::string bytes;
    {
        Writer w(bytes);
        for (const Article& a : sk.articles) write_article(w, a);
    }
    std::vector<std::string> article_parts = comm.gather(bytes);
    bytes.clear();
    {
        Writer w(bytes);
        write_read_stats(w, stats.read);
    }
    const std::vector<std::string> read_parts = comm.gather(bytes);
    std::vector<Verified> all_verified = gather_verified(comm, std::move(verified));

    const VerifyMoreFn lineage = [&](const PairList& pairs, ProgressMeter& prog) {
        return verify_lineage(comm, owners, local, pairs, prog);
    };
    if (root) {
        Result& result = out.result;
        result.stats.stages = stats.stages;
        for (const std::string& part : article_parts) {
            Reader r(part);
            while (!r.done()) result.articles.push_back(read_article(r));
        }
        std::vector<std::string>().swap(article_parts);
        io::ReadStats& rs = result.stats.read;
        for (const std::string& part : read_parts) {
            Reader r(part);
            add_read_stats(r, rs, o.reader.max_diagnostics);
        }
        rs.ignored_files += plan_stats.ignored_files;
        result.stats.candidates = candidate_stats;
        result.stats.text_bytes = text_bytes;
        result.stats.duplicate_ids = rs.skipped_for(io::SkipReason::duplicate_id);
        assemble(result, std::move(all_verified), o, lineage, report);
        mine.stages = result.stats.stages;
    } else {
        StageTimer t(stats, Stage::provenance);
        ProgressMeter prog(none, Stage::provenance, 0);
        lineage({}, prog);
    }
    if (!root) mine.stages = stats.stages;

    sent_in(Stage::provenance, sent);
    mine.bytes_sent = comm.sent;
    mine.bytes_received = comm.received;
    mine.peak_rss_bytes = peak_rss_bytes();
    bytes.clear();
    {
        Writer w(bytes);
        w.pod(mine.articles).pod(mine.text_bytes).pod(mine.verified).pod(mine.bytes_sent).pod(mine.bytes_received);
        w.pod(mine.bytes_sent_by_stage);
        w.pod(mine.peak_rss_bytes).pod(static_cast<std::uint64_t>(mine.stages.size()));
        for (const StageTime& st : mine.stages) w.pod(st.stage).pod(st.seconds);
    }
    for (const std::string& part : comm.gather(bytes)) {
        Reader r(part);
        RankStats s;
        s.articles = r.pod<std::uint64_t>();
        s.text_bytes = r.pod<std::uint64_t>();
        s.verified = r.pod<std::uint64_t>();
        s.bytes_sent = r.pod<std::uint64_t>();
        s.bytes_received = r.pod<std::uint64_t>();
        s.bytes_sent_by_stage = r.pod<decltype(s.bytes_sent_by_stage)>();
        s.peak_rss_bytes = r.pod<std::uint64_t>();
        const auto n = r.pod<std::uint64_t>();
        for (std::uint64_t i = 0; i < n; ++i) {
            StageTime st{};
            st.stage = r.pod<Stage>();
            st.seconds = r.pod<double>();
            s.stages.push_back(st);
        }
        out.ranks.push_back(std::move(s));
    }
    return out;
}

}  // namespace wiretrace::scan::distributed
