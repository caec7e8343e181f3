// SPDX-License-Identifier: Apache-2.0
// The codecs of the distributed scan's messages.
#include "run/serialize.hpp"

namespace wiretrace::scan::distributed::detail {

using scan::detail::Verified;

namespace {

/// The metadata a Document and an Article share: id, outlet, title, publication time.
template <class Meta>
void write_metadata(ByteWriter& w, const Meta& m) {
    w.str(m.id).str(m.outlet).str(m.title).optional(m.published).pod(m.published_granularity);
}

template <class Meta>
void read_metadata(ByteReader& r, Meta& m) {
    m.id = r.str();
    m.outlet = r.str();
    m.title = r.str();
    m.published = r.optional<std::int64_t>();
    m.published_granularity = r.pod<std::int64_t>();
}

}  // namespace

void write_document(ByteWriter& w, const Document& d) {
    write_metadata(w, d);
    w.str(d.text);
}

Document read_document(ByteReader& r) {
    Document d;
    read_metadata(r, d);
    d.text = r.str();
    return d;
}

void write_article(ByteWriter& w, const Article& a) {
    write_metadata(w, a);
    w.pod(a.tokens).pod(a.wire).pod(a.text_bytes);
}

Article read_article(ByteReader& r) {
    Article a;
    read_metadata(r, a);
    a.tokens = r.pod<std::uint32_t>();
    a.wire = r.pod<bool>();
    a.text_bytes = r.pod<std::uint64_t>();
    return a;
}

void write_verified(ByteWriter& w, const Verified& v) {
    const Pair& p = v.pair;
    w.pod(p.a).pod(p.b).pod(p.relation).pod(p.grade).optional(p.background_z).optional(p.source);
    w.pod(p.coverage_a).pod(p.coverage_b).pod(p.jaccard).pod(p.cosine).str(p.decided_by).pod(p.edits).pod(v.matched);
    w.vec(p.paraphrases);
    const bool links = is_derived(p.relation) || v.offer;
    w.pod(links);
    if (links) {
        w.vec(v.side_a.ranges).vec(v.side_b.ranges).vec(v.side_a.gap_keys).vec(v.side_b.gap_keys);
        w.vec(v.side_a.range_passage).vec(v.side_b.range_passage);
        w.pod(v.side_a.words_per_token).pod(v.side_b.words_per_token);
    }
    // A union offer without its full direction and phrase figures: the distributed scan keeps no
    // pair scores.
    w.pod(v.offer.has_value());
    if (v.offer) {
        const scan::detail::UnionOffer& o = *v.offer;
        w.vec(o.shared).pod(o.shingles_a).pod(o.shingles_b).pod(o.longest_passage).pod(o.grade).optional(o.source);
        w.str(o.decided_by);
    }
}

Verified read_verified(ByteReader& r) {
    Verified v;
    Pair& p = v.pair;
    p.a = r.pod<std::uint32_t>();
    p.b = r.pod<std::uint32_t>();
    p.relation = r.pod<Relation>();
    p.grade = r.pod<Grade>();
    p.background_z = r.optional<double>();
    p.source = r.optional<std::uint32_t>();
    p.coverage_a = r.pod<double>();
    p.coverage_b = r.pod<double>();
    p.jaccard = r.pod<double>();
    p.cosine = r.pod<double>();
    p.decided_by = r.str();
    p.edits = r.pod<decltype(p.edits)>();
    v.matched = r.pod<std::uint32_t>();
    p.paraphrases = r.vec<align::Paraphrase>();
    if (r.pod<bool>()) {
        v.side_a.ranges = r.vec<align::TokenRange>();
        v.side_b.ranges = r.vec<align::TokenRange>();
        v.side_a.gap_keys = r.vec<std::uint64_t>();
        v.side_b.gap_keys = r.vec<std::uint64_t>();
        v.side_a.range_passage = r.vec<std::uint32_t>();
        v.side_b.range_passage = r.vec<std::uint32_t>();
        v.side_a.words_per_token = r.pod<double>();
        v.side_b.words_per_token = r.pod<double>();
    }
    if (r.pod<bool>()) {
        scan::detail::UnionOffer& o = v.offer.emplace();
        o.shared = r.vec<score::UnionKey>();
        o.shingles_a = r.pod<std::uint32_t>();
        o.shingles_b = r.pod<std::uint32_t>();
        o.longest_passage = r.pod<std::uint32_t>();
        o.grade = r.pod<Grade>();
        o.source = r.optional<std::uint32_t>();
        o.decided_by = r.str();
    }
    return v;
}

void write_read_stats(ByteWriter& w, const io::ReadStats& s) {
    w.pod(s.records).pod(s.skipped).pod(s.skipped_by_reason).pod(s.blank_lines).pod(s.bytes).pod(s.files);
    w.pod(s.ignored_files).pod(s.ignored_records).pod(s.invalid_utf8_repaired).pod(s.unparsed_times);
    for (const auto* list : {&s.diagnostics, &s.time_diagnostics}) {
        w.pod(static_cast<std::uint64_t>(list->size()));
        for (const io::Diagnostic& d : *list) w.str(d.file).pod(d.line).str(d.id).pod(d.kind).str(d.reason);
    }
}

void add_read_stats(ByteReader& r, io::ReadStats& s, std::size_t max_diagnostics) {
    s.records += r.pod<std::uint64_t>();
    s.skipped += r.pod<std::uint64_t>();
    const auto by_reason = r.pod<decltype(s.skipped_by_reason)>();
    for (std::size_t k = 0; k < by_reason.size(); ++k) s.skipped_by_reason[k] += by_reason[k];
    s.blank_lines += r.pod<std::uint64_t>();
    s.bytes += r.pod<std::uint64_t>();
    s.files += r.pod<std::uint64_t>();
    s.ignored_files += r.pod<std::uint64_t>();
    s.ignored_records += r.pod<std::uint64_t>();
    s.invalid_utf8_repaired += r.pod<std::uint64_t>();
    s.unparsed_times += r.pod<std::uint64_t>();
    for (auto* list : {&s.diagnostics, &s.time_diagnostics}) {
        const auto n = r.pod<std::uint64_t>();
        for (std::uint64_t i = 0; i < n; ++i) {
            io::Diagnostic d;
            d.file = r.str();
            d.line = r.pod<std::uint64_t>();
            d.id = r.str();
            d.kind = r.pod<io::SkipReason>();
            d.reason = r.str();
            if (list->size() < max_diagnostics) list->push_back(std::move(d));
        }
    }
}

void write_part(ByteWriter& w, const io::InputPart& p) {
    w.str(p.path).str(p.id).pod(p.begin).pod(p.end).pod(p.bytes);
}

io::InputPart read_part(ByteReader& r) {
    io::InputPart p;
    p.path = r.str();
    p.id = r.str();
    p.begin = r.pod<std::uint64_t>();
    p.end = r.pod<std::uint64_t>();
    p.bytes = r.pod<std::uint64_t>();
    return p;
}

void write_rank_stats(ByteWriter& w, const RankStats& s) {
    w.pod(s.articles).pod(s.text_bytes).pod(s.verified).pod(s.bytes_sent).pod(s.bytes_received);
    w.pod(s.bytes_sent_by_stage);
    w.pod(s.peak_rss_bytes).pod(static_cast<std::uint64_t>(s.stages.size()));
    for (const StageTime& st : s.stages) w.pod(st.stage).pod(st.seconds);
}

RankStats read_rank_stats(ByteReader& r) {
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
    return s;
}

}  // namespace wiretrace::scan::distributed::detail
