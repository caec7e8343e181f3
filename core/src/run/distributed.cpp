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
// The communicator is run/comm.hpp, the byte codecs of the messages run/serialize.hpp; run() calls
// the stages below in turn, every rank in the same order (they are collective).
#include <mpi.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <span>
#include <cstring>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <string_view>
#include <tbb/parallel_sort.h>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "candidates/join.hpp"
#include "hash.hpp"
#include "run/comm.hpp"
#include "run/serialize.hpp"
#include "run/stages.hpp"
#include "wiretrace/run/distributed.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::scan::distributed {
namespace {

using candidates::DocInfo;
using candidates::detail::DocTable;
using candidates::detail::Keys;
using namespace detail;  // the communicator, the byte serializer and the message codecs
using scan::detail::PairList;
using scan::detail::Verified;

/// Parts of the inputs per rank: big files are cut so that every rank gets about this many.
constexpr std::uint64_t kPartsPerRank = 4;
/// No byte range smaller than this (a few records would not pay for the extra open).
constexpr std::uint64_t kMinSplitBytes = std::uint64_t{1} << 20;
/// Pairs a rank verifies per round: the texts it fetches for one round stay in memory.
constexpr std::size_t kRoundPairs = 8192;

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
        ByteWriter(out[::wiretrace::detail::hash_bytes(a.id.data(), a.id.size()) % ranks]).str(a.id);
    }
    const std::vector<std::string> in = comm.exchange_bytes(out);
    std::unordered_map<std::string, std::size_t> first_rank;
    std::vector<std::string> back(ranks);
    for (std::size_t r = 0; r < ranks; ++r) {
        ByteReader reader(in[r]);
        while (!reader.done()) {
            std::string id = reader.str();
            const auto [at, first] = first_rank.try_emplace(std::move(id), r);
            if (!first && at->second != r) ByteWriter(back[r]).str(at->first);
        }
    }
    std::unordered_set<std::string> earlier;
    for (const std::string& part : comm.exchange_bytes(back)) {
        ByteReader reader(part);
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

/// The pairs of the rare-word source, on rank 0 (sorted unique pair codes; empty elsewhere): every
/// rank profiles its own articles (from its spool, with the summed document frequencies), and
/// rank 0 gathers the profiles and the DocInfo of every article and runs the neighbour search of
/// one process. PERF: the search is not distributed; rank 0 holds every profile (4 bytes per
/// indexed word, the index twice that while it searches).
Keys tfidf_codes(Comm& comm, const Owners& owners, const scan::detail::Sketched& sk, const scan::detail::Spool& spool,
                 const candidates::Options& o, candidates::Stats& stats) {
    if (o.tfidf_neighbours == 0) return {};
    const candidates::RareTerms mine = scan::detail::rare_terms(sk.articles, spool, sk.df, o);
    std::string bytes;
    {
        ByteWriter w(bytes);
        w.vec(mine.offsets).vec(mine.features).vec(mine.norms);
    }
    const std::vector<std::string> parts = comm.gather(bytes);
    std::vector<std::uint32_t> everyone;  // rank 0 asks for every article it does not hold
    if (comm.rank == 0) {
        for (std::uint32_t d = owners.first[1]; d < owners.first.back(); ++d) everyone.push_back(d);
    }
    const DocTable docs = table_for(comm, owners, sk.info, std::move(everyone));
    if (comm.rank != 0) return {};
    candidates::RareTerms all;
    all.corpus_documents = sk.df.documents();
    for (const std::string& part : parts) {
        ByteReader r(part);
        candidates::RareTerms p;
        p.offsets = r.vec<std::uint64_t>();
        p.features = r.vec<std::int32_t>();
        p.norms = r.vec<float>();
        p.corpus_documents = all.corpus_documents;
        all.append(p);
    }
    return candidates::tfidf_pair_codes(candidates::detail::rare_term_neighbours(all, docs, o, stats));
}

/// Each outlet's furniture, measured on the whole job as one process measures it
/// (candidates::Furniture::find): rank 0 numbers the outlets of every rank's articles (sorted
/// names) and gives every rank each article's outlet number; each rank finds the furniture among
/// the fingerprint keys of its hash range (`keys`, sorted) and drops those keys, and the owners of
/// their documents lower the documents' fingerprint counts; then the furniture of every hash
/// range goes to every rank. Fills `stats`' outlets, furniture_outlets, furniture_fingerprints
/// and furniture_keys, the same on every rank. Collective.
candidates::Furniture find_furniture(Comm& comm, const Owners& owners, scan::detail::Sketched& sk, Keys& keys,
                                     std::uint32_t cap, const candidates::FurnitureOptions& options,
                                     candidates::FurnitureStats& stats) {
    const std::uint32_t first = owners.first[static_cast<std::size_t>(comm.rank)];
    // The outlet names, numbered alike on every rank (from 1, in sorted order).
    std::vector<std::string> names;
    {
        for (const Article& a : sk.articles) {
            if (!a.outlet.empty()) names.push_back(a.outlet);
        }
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        std::string bytes;
        {
            ByteWriter w(bytes);
            for (const std::string& n : names) w.str(n);
        }
        names.clear();
        for (const std::string& part : comm.gather(bytes)) {
            ByteReader r(part);
            while (!r.done()) names.push_back(r.str());
        }
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        bytes.clear();
        {
            ByteWriter w(bytes);
            for (const std::string& n : names) w.str(n);
        }
        names.clear();
        const std::string all = comm.broadcast(std::move(bytes));
        ByteReader r(all);
        while (!r.done()) names.push_back(r.str());
    }
    candidates::Furniture found;
    for (const std::string& n : names) found.add_outlet(n);
    // Every article's outlet number, in article order.
    std::vector<std::uint32_t> outlet_of;
    {
        std::vector<std::uint32_t> mine;
        mine.reserve(sk.articles.size());
        for (const Article& a : sk.articles) mine.push_back(found.outlet_number(a.outlet));
        std::string bytes;
        ByteWriter(bytes).vec(mine);
        std::string all;
        {
            ByteWriter w(all);
            for (const std::string& part : comm.gather(bytes)) {
                ByteReader r(part);
                for (const std::uint32_t o : r.vec<std::uint32_t>()) w.pod(o);
            }
        }
        all = comm.broadcast(std::move(all));
        outlet_of.resize(all.size() / sizeof(std::uint32_t));
        std::memcpy(outlet_of.data(), all.data(), outlet_of.size() * sizeof(std::uint32_t));
    }
    // This hash range's furniture; the dropped keys' documents to their owners.
    std::vector<std::vector<std::uint32_t>> dropped(static_cast<std::size_t>(comm.size));
    candidates::FurnitureStats mine;
    found.find(
        keys, outlet_of, [&](std::uint32_t doc) { dropped[static_cast<std::size_t>(owners.of(doc))].push_back(doc); },
        cap, options, 0, mine);
    for (const std::uint32_t doc : comm.exchange(dropped)) --sk.info[doc - first].fingerprints;
    // Every hash range's furniture, to every rank.
    std::string bytes;
    {
        ByteWriter w(bytes);
        for (const candidates::OutletFurniture& o : found.outlets()) w.str(o.outlet).pod(o.articles).vec(o.hashes);
    }
    std::vector<candidates::OutletFurniture> merged;
    {
        const std::vector<std::string> parts = comm.gather(bytes);
        bytes.clear();
        ByteWriter w(bytes);
        std::map<std::string, candidates::OutletFurniture> by_name;
        for (const std::string& part : parts) {
            ByteReader r(part);
            while (!r.done()) {
                candidates::OutletFurniture o;
                o.outlet = r.str();
                o.articles = r.pod<std::uint32_t>();
                o.hashes = r.vec<std::uint64_t>();
                candidates::OutletFurniture& into = by_name[o.outlet];
                into.outlet = o.outlet;
                into.articles = o.articles;
                into.hashes.insert(into.hashes.end(), o.hashes.begin(), o.hashes.end());
            }
        }
        for (auto& [name, o] : by_name) {
            std::sort(o.hashes.begin(), o.hashes.end());
            w.str(o.outlet).pod(o.articles).vec(o.hashes);
        }
    }
    const std::string all = comm.broadcast(std::move(bytes));
    ByteReader r(all);
    while (!r.done()) {
        candidates::OutletFurniture& o = merged.emplace_back();
        o.outlet = r.str();
        o.articles = r.pod<std::uint32_t>();
        o.hashes = r.vec<std::uint64_t>();
    }
    stats.outlets = options.outlet_share > 0 ? names.size() : 0;  // as Furniture::start counts them
    stats.furniture_fingerprints = comm.sum(mine.furniture_fingerprints);
    stats.furniture_keys = comm.sum(mine.furniture_keys);
    stats.furniture_outlets = static_cast<std::uint64_t>(
        std::count_if(merged.begin(), merged.end(), [](const candidates::OutletFurniture& o) { return !o.hashes.empty(); }));
    if (options.outlet_share <= 0) return {};
    return candidates::Furniture::from_outlets(merged, options.min_articles);
}

/// The candidate pairs this rank verifies (sorted pair codes); this rank's part of the
/// candidate statistics in `stats` (summed over the ranks, they are one process's).
Keys find_candidates(Comm& comm, const Owners& owners, scan::detail::Sketched& sk, const scan::detail::Spool& spool,
                     const candidates::Options& o, candidates::Stats& stats, const candidates::FurnitureOptions& fo,
                     candidates::Furniture& furniture, candidates::FurnitureStats& furniture_stats) {
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
        const std::size_t before = keys.size();
        furniture = find_furniture(comm, owners, sk, keys, o.max_document_frequency, fo, furniture_stats);
        stats.fingerprint_keys -= before - keys.size();  // counted, as in one process, without furniture
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

    // Each source's pairs to their verifiers apart, so that each rank counts what each source
    // contributed to its share.
    const Keys joined = route_codes(comm, owners, fingerprint_codes);
    const Keys banded = route_codes(comm, owners, band_kept);
    const Keys tfidf = route_codes(comm, owners, tfidf_codes(comm, owners, sk, spool, o, stats));
    Keys mine = merge_sources(joined, banded, tfidf);
    count_sources(mine, joined, banded, tfidf, stats);
    return mine;
}

/// What a rank holds for verification: its articles (numbered from `first`) and their texts.
struct Local {
    const std::vector<Article>& articles;
    std::uint32_t first;
    const scan::detail::Spool& spool;
    const tfidf::DocumentFrequencies& df;
    const Params& params;
    const score::Background& background;  ///< the job's (background_stage), the same on every rank
    /// Blanks the job's outlet furniture (find_furniture), code, embeds and captions; counts
    /// this rank's articles, those it sends to other ranks included.
    const scan::detail::Masker& masker;
};

/// Runs `work` on `pairs` (each with a document of this rank) in rounds of kRoundPairs, with the
/// documents of the round: this rank's from its spool, the others' fetched from their owners.
/// Collective: every rank calls it, with its own pairs.
void with_documents(Comm& comm, const Owners& owners, const Local& local, const PairList& pairs,
                    const std::function<void(const PairList& chunk, const scan::detail::DocumentFn& documents)>& work) {
    const scan::detail::DocumentFn spooled = scan::detail::spooled_documents(local.articles, local.first, local.spool);
    const auto me = static_cast<std::size_t>(comm.rank);
    const auto is_local = [&](std::uint32_t d) { return d - local.first < owners.first[me + 1] - local.first; };
    const std::uint64_t rounds = comm.max((pairs.size() + kRoundPairs - 1) / kRoundPairs);
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
            ByteWriter w(answers[r]);
            for (std::size_t i = 0; i < counts[r]; ++i) {
                spooled(asked[at], doc);
                local.masker.count(asked[at++], doc);
                write_document(w, doc);
            }
        }
        const std::vector<std::string> texts = comm.exchange_bytes(answers);
        std::unordered_map<std::uint32_t, Document> fetched;
        for (std::size_t r = 0; r < texts.size(); ++r) {
            ByteReader rd(texts[r]);
            for (const std::uint32_t d : ask[r]) fetched.emplace(d, read_document(rd));
        }
        const scan::detail::DocumentFn documents = [&](std::uint32_t n, Document& d) {
            if (is_local(n)) {
                spooled(n, d);
            } else {
                d = fetched.at(n);
            }
        };
        work(chunk, documents);
    }
}

/// Verifies `pairs` (sorted, a < b, each with a document of this rank). Collective: every rank
/// calls it, with its own pairs. Results in the order of `pairs`.
std::vector<Verified> verify_pairs(Comm& comm, const Owners& owners, const Local& local, const PairList& pairs,
                                   scan::detail::ProgressMeter& prog) {
    std::vector<Verified> out;
    out.reserve(pairs.size());
    with_documents(comm, owners, local, pairs, [&](const PairList& chunk, const scan::detail::DocumentFn& documents) {
        for (Verified& v : scan::detail::verify(chunk, documents, local.df, local.background, local.params, prog, {}, &local.masker)) {
            out.push_back(std::move(v));
        }
    });
    return out;
}

/// The job's background (score::Background) on every rank, fitted on the same random pairs as a
/// single-process scan: each rank measures the pairs whose copy it holds, rank 0 fits them in
/// the pairs' order and sends the fit to all. Collective.
score::Background background_stage(Comm& comm, const Owners& owners, const Local& local) {
    const PairList all = scan::detail::background_pairs(owners.first.back(), local.params);
    PairList mine;
    std::vector<std::uint32_t> at;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (owners.of(all[i].first) != comm.rank) continue;
        mine.push_back(all[i]);
        at.push_back(static_cast<std::uint32_t>(i));
    }
    std::vector<score::BackgroundSample> samples;
    with_documents(comm, owners, local, mine, [&](const PairList& chunk, const scan::detail::DocumentFn& documents) {
        for (const auto& s : scan::detail::sample_background(chunk, documents, local.df, local.params, &local.masker)) samples.push_back(s);
    });
    std::string bytes;
    ByteWriter(bytes).vec(at).vec(samples);
    std::string fit;
    if (comm.rank == 0) {
        std::vector<score::BackgroundSample> ordered(all.size());
        for (const std::string& part : comm.gather(bytes)) {
            ByteReader r(part);
            const auto where = r.vec<std::uint32_t>();
            const auto values = r.vec<score::BackgroundSample>();
            for (std::size_t i = 0; i < where.size() && i < values.size(); ++i) ordered.at(where[i]) = values[i];
        }
        const score::Background b = score::Background::estimate(ordered);
        ByteWriter(fit).pod(b.valid()).pod(b.coefficients()).pod(b.sd()).pod(b.samples()).pod(b.mean_containment());
    } else {
        comm.gather(bytes);
    }
    fit = comm.broadcast(fit);
    ByteReader r(fit);
    if (!r.pod<bool>()) return {};
    const auto coefficients = r.pod<std::array<double, score::Background::kTerms>>();
    const auto sd = r.pod<double>();
    const auto count = r.pod<std::uint64_t>();
    return score::Background::from_stored(coefficients, sd, count, r.pod<double>());
}

/// Every rank's verified pairs on rank 0, sorted by pair (empty elsewhere).
std::vector<Verified> gather_verified(Comm& comm, std::vector<Verified> mine) {
    std::string bytes;
    ByteWriter w(bytes);
    for (const Verified& v : mine) write_verified(w, v);
    std::vector<Verified>().swap(mine);
    std::vector<Verified> all;
    for (const std::string& part : comm.gather(bytes)) {
        ByteReader r(part);
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
    ByteWriter(message).vec(codes);
    message = comm.broadcast(std::move(message));
    codes = ByteReader(message).vec<std::uint64_t>();
    PairList mine;
    for (const std::uint64_t c : codes) {
        const auto a = static_cast<std::uint32_t>(c >> 32);
        const auto b = static_cast<std::uint32_t>(c);
        if (owners.verifier(a, b) == comm.rank) mine.emplace_back(a, b);
    }
    return gather_verified(comm, verify_pairs(comm, owners, local, mine, prog));
}

/// The candidate statistics are all counters: summed over the ranks.
candidates::Stats sum_stats(Comm& comm, const candidates::Stats& s) {
    std::array<std::uint64_t, 15> v{s.fingerprint_keys,  s.shared_fingerprints, s.boilerplate_fingerprints,
                                    s.boilerplate_keys,  s.fingerprint_pairs,   s.band_keys,
                                    s.band_pairs,        s.oversize_band_groups, s.outside_window,
                                    s.tfidf_postings,    s.from_fingerprints,   s.from_bands,
                                    s.from_tfidf,        s.only_tfidf,          s.pairs};
    comm.sum(v);
    return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
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
            ByteWriter w(shares[r]);
            write_part(w, parts[i]);
        }
    }
    const std::vector<std::string> mine = comm.exchange_bytes(comm.rank == 0 ? shares : std::vector<std::string>(shares.size()));
    std::vector<io::InputPart> parts;
    ByteReader r(mine[0]);
    while (!r.done()) parts.push_back(read_part(r));
    return parts;
}

std::uint64_t peak_rss_bytes() {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
}

// --- the stages of run(), collective: every rank calls each in the same order ------------------

/// What the read stage leaves on a rank: its articles' sketches (join keys numbered for the whole
/// job), their texts, and which rank holds which articles.
struct ReadShare {
    std::unique_ptr<scan::detail::Spool> spool;
    scan::detail::Sketched sk;
    Owners owners;
};

/// Numbers the articles in input order (the ranks read consecutive parts): the owners of the
/// numbers, this rank's keys moved to its numbers, and the document frequencies summed.
Owners number_articles(Comm& comm, scan::detail::Sketched& sk) {
    Owners owners;
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
    return owners;
}

/// The read stage: this rank reads and sketches its parts, then the articles are numbered.
ReadShare read_stage(Comm& comm, const std::vector<io::InputPart>& parts, const Options& o, Stats& stats,
                     const ProgressFn& report) {
    using namespace scan::detail;
    StageTimer t(stats, Stage::read);
    ReadShare share;
    // Ids name the articles in every report: a repeated id is skipped, the first record wins,
    // as in one process. Repeats inside a rank's parts are skipped as they are read; a rank
    // holding ids that an earlier rank read too reads its parts again, taking those as read.
    io::ReaderOptions reader_options = o.reader;
    reader_options.unique_ids = true;
    const auto read = [&](std::unordered_set<std::string> earlier) {
        io::ArticleReader reader = io::ArticleReader::from_parts(parts, reader_options);
        reader.assume_read(std::move(earlier));
        share.spool = std::make_unique<Spool>(o.spool_dir);
        stats.text_bytes = 0;
        share.sk = read_and_sketch(reader, o, *share.spool, stats, report);
        stats.read = reader.stats();
    };
    read({});
    if (std::unordered_set<std::string> earlier = ids_read_earlier(comm, share.sk.articles); !earlier.empty()) {
        read(std::move(earlier));
    }
    share.owners = number_articles(comm, share.sk);
    return share;
}

/// The verify stage: this rank's candidate pairs (sorted pair codes), verified.
std::vector<Verified> verify_stage(Comm& comm, const Owners& owners, const Local& local, Keys codes, Stats& stats,
                                   const ProgressFn& report) {
    using namespace scan::detail;
    StageTimer t(stats, Stage::verify);
    PairList todo;
    todo.reserve(codes.size());
    for (const std::uint64_t c : codes) todo.emplace_back(static_cast<std::uint32_t>(c >> 32), static_cast<std::uint32_t>(c));
    Keys().swap(codes);
    ProgressMeter prog(report, Stage::verify, todo.size());
    return verify_pairs(comm, owners, local, todo, prog);
}

/// What rank 0 needs besides the verified pairs: every rank's articles and read statistics (in
/// rank order, so in input order; empty on the other ranks), and the sums of the candidate
/// statistics and text bytes (on every rank).
struct Gathered {
    std::vector<std::string> articles;
    std::vector<std::string> read_stats;
    candidates::Stats candidates;
    std::uint64_t text_bytes = 0;
};

Gathered gather_metadata(Comm& comm, const std::vector<Article>& articles, const Stats& stats) {
    Gathered g;
    g.candidates = sum_stats(comm, stats.candidates);
    g.text_bytes = comm.sum(stats.text_bytes);
    std::string bytes;
    {
        ByteWriter w(bytes);
        for (const Article& a : articles) write_article(w, a);
    }
    g.articles = comm.gather(bytes);
    bytes.clear();
    {
        ByteWriter w(bytes);
        write_read_stats(w, stats.read);
    }
    g.read_stats = comm.gather(bytes);
    return g;
}

/// On rank 0: the job's articles and statistics into `result`, before provenance.
void fill_result(Result& result, Gathered gathered, const io::ReadStats& plan_stats, const Options& o) {
    for (const std::string& part : gathered.articles) {
        ByteReader r(part);
        while (!r.done()) result.articles.push_back(read_article(r));
    }
    std::vector<std::string>().swap(gathered.articles);
    io::ReadStats& rs = result.stats.read;
    for (const std::string& part : gathered.read_stats) {
        ByteReader r(part);
        add_read_stats(r, rs, o.reader.max_diagnostics);
    }
    rs.ignored_files += plan_stats.ignored_files;
    result.stats.candidates = gathered.candidates;
    result.stats.text_bytes = gathered.text_bytes;
    result.stats.duplicate_ids = rs.skipped_for(io::SkipReason::duplicate_id);
}

/// Every rank's statistics, on rank 0 in rank order (empty elsewhere).
std::vector<RankStats> gather_rank_stats(Comm& comm, const RankStats& mine) {
    std::string bytes;
    {
        ByteWriter w(bytes);
        write_rank_stats(w, mine);
    }
    std::vector<RankStats> ranks;
    for (const std::string& part : comm.gather(bytes)) {
        ByteReader r(part);
        ranks.push_back(read_rank_stats(r));
    }
    return ranks;
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
    if (o.keep_candidates) throw Error(Errc::bad_argument, "", "the distributed scan does not keep its candidate pairs");
    if (o.max_memory_bytes > 0) throw Error(Errc::bad_argument, "", "the distributed scan has no memory budget (--max-memory)");
    Comm comm;
    const bool root = comm.rank == 0;
    const ProgressFn none;
    const ProgressFn& report = root ? progress : none;
    DistributedResult out;
    Stats stats;  // this rank's; on rank 0 it becomes the job's
    RankStats mine;
    const auto sent_in = [&](Stage stage, std::uint64_t before) {
        mine.bytes_sent_by_stage[static_cast<std::size_t>(stage)] = comm.sent - before;
        return comm.sent;
    };

    io::ReadStats plan_stats;
    const std::vector<io::InputPart> parts = share_inputs(comm, inputs, o.reader, plan_stats);
    ReadShare share = read_stage(comm, parts, o, stats, report);
    std::uint64_t sent = sent_in(Stage::read, 0);
    Keys codes;
    candidates::Furniture furniture;
    {
        StageTimer t(stats, Stage::candidates);
        candidates::Options copt = o.candidates;  // the corpus's boilerplate cap, as in one process
        copt.max_document_frequency = candidates::corpus_cap(share.owners.first.back(), o.furniture.corpus_share,
                                                             o.candidates.max_document_frequency);
        stats.furniture.corpus_cap = copt.max_document_frequency;
        codes = find_candidates(comm, share.owners, share.sk, *share.spool, copt, stats.candidates, o.furniture,
                                furniture, stats.furniture);
    }
    sent = sent_in(Stage::candidates, sent);
    score::Background background;
    const std::uint32_t first = share.owners.first[static_cast<std::size_t>(comm.rank)];
    const scan::detail::Masker masker(&furniture, first, static_cast<std::uint32_t>(share.sk.articles.size()), o.params);
    const Local local{share.sk.articles, first, *share.spool, share.sk.df, o.params, background, masker};
    background = background_stage(comm, share.owners, local);
    stats.background = background;
    std::vector<Verified> verified = verify_stage(comm, share.owners, local, std::move(codes), stats, report);
    mine.verified = verified.size();
    sent = sent_in(Stage::verify, sent);

    // Rank 0 gathers the metadata, the statistics and the verified pairs, and builds provenance.
    mine.articles = share.sk.articles.size();
    mine.text_bytes = stats.text_bytes;
    Gathered gathered = gather_metadata(comm, share.sk.articles, stats);
    std::vector<Verified> all_verified = gather_verified(comm, std::move(verified));
    const VerifyMoreFn lineage = [&](const PairList& pairs, ProgressMeter& prog) {
        return verify_lineage(comm, share.owners, local, pairs, prog);
    };
    if (root) {
        Result& result = out.result;
        result.stats.stages = stats.stages;
        fill_result(result, std::move(gathered), plan_stats, o);
        result.stats.background = background;
        assemble(result, std::move(all_verified), o, lineage, report);
        mine.stages = result.stats.stages;
    } else {
        {
            StageTimer t(stats, Stage::provenance);
            ProgressMeter prog(none, Stage::provenance, 0);
            lineage({}, prog);  // the ancestor pairs of the first forest
            lineage({}, prog);  // and of the forest built again with those found derived (assemble)
        }
        mine.stages = stats.stages;
    }

    // What was blanked: each article counted by its owner, each pair by its verifier.
    masker.add_to(stats.furniture);
    candidates::FurnitureStats& f = stats.furniture;
    std::array<std::uint64_t, 6> blanked{f.masked_articles, f.furniture_words, f.code_words,
                                         f.embed_words,     f.caption_words,   f.edge_pairs};
    comm.sum(blanked);
    f.masked_articles = blanked[0];
    f.furniture_words = blanked[1];
    f.code_words = blanked[2];
    f.embed_words = blanked[3];
    f.caption_words = blanked[4];
    f.edge_pairs = blanked[5];
    if (root) out.result.stats.furniture = f;  // the rest is the same on every rank
    sent_in(Stage::provenance, sent);
    mine.bytes_sent = comm.sent;
    mine.bytes_received = comm.received;
    mine.peak_rss_bytes = peak_rss_bytes();
    out.ranks = gather_rank_stats(comm, mine);
    return out;
}

}  // namespace wiretrace::scan::distributed
