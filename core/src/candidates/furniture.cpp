// SPDX-License-Identifier: Apache-2.0
// Corpus boilerplate and outlet furniture (candidates/furniture.hpp).
#include "wiretrace/candidates/furniture.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>
#include <utility>

#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/wire.hpp"

namespace wiretrace::candidates {
namespace {

constexpr unsigned kHashBits = 64 - kDocBits;  // the hash bits a join key keeps

std::uint64_t outlet_key(std::uint32_t outlet, std::uint64_t key_hash_bits) {
    return static_cast<std::uint64_t>(outlet) << kHashBits | key_hash_bits;
}

bool contains(std::string_view s, std::string_view what) { return s.find(what) != std::string_view::npos; }

std::uint32_t count_words(std::string_view line) {
    std::uint32_t words = 0;
    bool in_word = false;
    for (const char c : line) {
        const bool space = c == ' ' || c == '\t' || c == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

/// `— Name (@handle) July 15, 2018`: the signature line of an embedded tweet.
bool has_tweet_signature(std::string_view line) {
    for (std::size_t at = line.find("(@"); at != std::string_view::npos; at = line.find("(@", at + 2)) {
        std::size_t i = at + 2;
        while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) != 0 || line[i] == '_')) ++i;
        if (i > at + 2 && i < line.size() && line[i] == ')' && contains(line.substr(0, at), "\xE2\x80\x94")) return true;
    }
    return false;
}

}  // namespace

std::uint32_t corpus_cap(std::uint64_t documents, double corpus_share, std::uint32_t max_document_frequency) {
    if (corpus_share <= 0) return max_document_frequency;
    const double share = std::ceil(corpus_share * static_cast<double>(documents));
    const std::uint32_t floor = std::min(kMinCorpusCap, max_document_frequency);
    return static_cast<std::uint32_t>(
        std::clamp(share, static_cast<double>(floor), static_cast<double>(max_document_frequency)));
}

LineKind line_kind(std::string_view line) {
    if (contains(line, "pic.twitter.com/") || contains(line, "https://t.co/") || contains(line, "A post shared by") ||
        has_tweet_signature(line)) {
        return LineKind::embed;
    }
    std::uint32_t letters = 0;
    std::uint32_t symbols = 0;
    for (const char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalpha(u) != 0 || u >= 0x80) ++letters;
        if (c == '{' || c == '}') symbols += 2;  // braces are all but absent from prose
        if (c == ';' || c == '=' || c == '|' || c == '[' || c == ']' || c == '<' || c == '>') ++symbols;
    }
    std::uint32_t markers = 0;
    for (const std::string_view m : {"function(", "function (", "window.", "document.", "var ", "=>", "!important",
                                     "px;", "</", "/*", "googletag", "adsbygoogle"}) {
        markers += contains(line, m) ? 1 : 0;
    }
    const std::uint32_t code = symbols + 3 * markers;
    if (code >= 4 && code * 12 >= letters) return LineKind::code;
    if (count_words(line) <= 80) {
        for (const std::string_view m : {"(AP Photo", "(Reuters/", "(AFP Photo", "AFP/Getty", "Photo:", "Photo by", "Photograph:",
                                         "Getty Images", "(Photo", "Image:", "Image credit", "Credit:"}) {
            if (contains(line, m)) return LineKind::caption;
        }
    }
    return LineKind::text;
}

std::uint32_t Furniture::add_outlet(std::string_view name) {
    if (name.empty()) return 0;
    const auto [it, added] = numbers_.try_emplace(std::string(name), static_cast<std::uint32_t>(names_.size()));
    if (added) names_.emplace_back(name);
    return it->second;
}

std::uint32_t Furniture::outlet_number(std::string_view name) const {
    if (name.empty()) return 0;
    const auto it = numbers_.find(std::string(name));
    return it == numbers_.end() ? 0 : it->second;
}

void Furniture::find(std::vector<std::uint64_t>& keys, std::span<const std::uint32_t> outlet_of,
                     std::span<DocInfo> docs, std::uint32_t cap, const FurnitureOptions& o, std::uint32_t explain,
                     FurnitureStats& stats) {
    find(keys, outlet_of, [&](std::uint32_t doc) { --docs[doc].fingerprints; }, cap, o, explain, stats);
}

void Furniture::find(std::vector<std::uint64_t>& keys, std::span<const std::uint32_t> outlet_of,
                     const std::function<void(std::uint32_t doc)>& dropped, std::uint32_t cap,
                     const FurnitureOptions& o, std::uint32_t explain, FurnitureStats& stats) {
    start(outlet_of, cap, o, explain, stats);
    if (pass_.threshold.empty()) return;
    std::size_t w = 0;
    for (std::size_t i = 0; i < keys.size();) {
        std::size_t j = i + 1;
        while (j < keys.size() && key_hash(keys[j]) == key_hash(keys[i])) ++j;
        const std::span<const std::uint64_t> group(keys.data() + i, j - i);
        if (keep(group, dropped, stats)) {
            std::copy(group.begin(), group.end(), keys.begin() + static_cast<std::ptrdiff_t>(w));
            w += group.size();
        }
        i = j;
    }
    keys.resize(w);
    finish(stats);
}

void Furniture::start(std::span<const std::uint32_t> outlet_of, std::uint32_t cap, const FurnitureOptions& o,
                      std::uint32_t explain, FurnitureStats& stats) {
    stats.corpus_cap = cap;
    pass_ = {};
    if (o.outlet_share <= 0) return;
    pass_.outlet_of = outlet_of;
    pass_.cap = cap;
    pass_.explain = explain;
    articles_.assign(names_.size(), 0);
    std::vector<std::uint32_t>& articles = articles_;
    for (const std::uint32_t outlet : outlet_of) ++articles[outlet];
    min_articles_ = std::max(o.min_articles, 2U);
    pass_.threshold.assign(names_.size(), 0);  // 0: no furniture
    for (std::size_t i = 1; i < names_.size(); ++i) {
        stats.outlets += articles[i] > 0 ? 1 : 0;
        const auto share = static_cast<std::uint32_t>(std::ceil(o.outlet_share * articles[i]));
        pass_.threshold[i] = std::max({o.min_articles, share, 2U});
    }
    pass_.has_furniture.assign(names_.size(), 0);
}

bool Furniture::keep(std::span<const std::uint64_t> group, std::span<DocInfo> docs, FurnitureStats& stats) {
    return keep(group, [&](std::uint32_t doc) { --docs[doc].fingerprints; }, stats);
}

bool Furniture::keep(std::span<const std::uint64_t> group, const std::function<void(std::uint32_t doc)>& dropped,
                     FurnitureStats& stats) {
    if (pass_.threshold.empty()) return true;  // outlet_share 0: nothing measured
    const std::uint64_t hash = key_hash(group.front());
    std::vector<std::uint32_t>& outlets = pass_.outlets;
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& found = pass_.found;  // (outlet, articles)
    found.clear();
    if (group.size() >= 2) {
        outlets.clear();
        for (const std::uint64_t key : group) outlets.push_back(pass_.outlet_of[key_doc(key)]);
        std::sort(outlets.begin(), outlets.end());
        for (std::size_t a = 0; a < outlets.size();) {
            std::size_t b = a;
            while (b < outlets.size() && outlets[b] == outlets[a]) ++b;
            const auto n = static_cast<std::uint32_t>(b - a);
            if (outlets[a] != 0 && pass_.threshold[outlets[a]] != 0 && n >= pass_.threshold[outlets[a]]) {
                found.emplace_back(outlets[a], n);
            }
            a = b;
        }
        if (pass_.explain > 0 && group.size() > pass_.cap) {
            repeated_.push_back({0, hash, static_cast<std::uint32_t>(group.size()), key_doc(group.front())});
        }
    }
    for (const auto& [outlet, n] : found) {
        by_outlet_.push_back(outlet_key(outlet, hash));
        pass_.has_furniture[outlet] = 1;
        ++stats.furniture_fingerprints;
        if (pass_.explain > 0) {
            std::uint32_t example = 0;
            for (const std::uint64_t key : group) {
                if (pass_.outlet_of[key_doc(key)] == outlet) {
                    example = key_doc(key);
                    break;
                }
            }
            repeated_.push_back({outlet, hash, n, example});
        }
    }
    if (found.empty()) return true;
    anywhere_.push_back(hash);
    for (const std::uint64_t key : group) {
        dropped(key_doc(key));
        ++stats.furniture_keys;
    }
    return false;
}

void Furniture::finish(FurnitureStats& stats) {
    if (pass_.threshold.empty()) return;
    std::sort(by_outlet_.begin(), by_outlet_.end());
    for (const std::uint8_t f : pass_.has_furniture) stats.furniture_outlets += f;
    if (pass_.explain > 0) {
        std::sort(repeated_.begin(), repeated_.end(), [](const Repeated& x, const Repeated& y) {
            if (x.articles != y.articles) return x.articles > y.articles;
            return std::pair(x.outlet, x.hash) < std::pair(y.outlet, y.hash);
        });
        // Several fingerprints stand for one passage: keep enough to find `explain` passages.
        if (repeated_.size() > std::size_t{pass_.explain} * 32) repeated_.resize(std::size_t{pass_.explain} * 32);
    }
    pass_ = {};
}

Furniture Furniture::from_outlets(std::span<const OutletFurniture> outlets, std::uint32_t min_articles) {
    Furniture f;
    f.min_articles_ = std::max(min_articles, 2U);
    for (const OutletFurniture& o : outlets) {
        const std::uint32_t outlet = f.add_outlet(o.outlet);
        if (outlet == 0) continue;
        f.articles_.resize(f.names_.size(), 0);
        f.articles_[outlet] = o.articles;
        for (const std::uint64_t h : o.hashes) {
            f.by_outlet_.push_back(outlet_key(outlet, h));
            f.anywhere_.push_back(h);
        }
    }
    std::sort(f.by_outlet_.begin(), f.by_outlet_.end());
    std::sort(f.anywhere_.begin(), f.anywhere_.end());
    f.anywhere_.erase(std::unique(f.anywhere_.begin(), f.anywhere_.end()), f.anywhere_.end());
    return f;
}

std::vector<OutletFurniture> Furniture::outlets() const {
    std::vector<OutletFurniture> out(names_.size());
    for (std::size_t i = 0; i < names_.size(); ++i) {
        out[i].outlet = names_[i];
        out[i].articles = i < articles_.size() ? articles_[i] : 0;
    }
    constexpr std::uint64_t kHashMask = (std::uint64_t{1} << kHashBits) - 1;
    for (const std::uint64_t k : by_outlet_) out[k >> kHashBits].hashes.push_back(k & kHashMask);
    std::erase_if(out, [](const OutletFurniture& o) { return o.outlet.empty() || o.articles == 0; });
    return out;
}

bool Furniture::is_furniture(std::uint32_t outlet, std::uint64_t shingle_hash) const {
    return std::binary_search(by_outlet_.begin(), by_outlet_.end(), outlet_key(outlet, shingle_hash >> kDocBits));
}

bool Furniture::too_small_to_measure(std::string_view name) const {
    const std::uint32_t outlet = outlet_number(name);
    return min_articles_ > 0 && outlet != 0 && outlet < articles_.size() && articles_[outlet] < min_articles_;
}

bool Furniture::is_furniture(std::uint64_t shingle_hash) const {
    return std::binary_search(anywhere_.begin(), anywhere_.end(), shingle_hash >> kDocBits);
}

namespace {

/// Merges sorted-by-begin spans that overlap or touch.
std::vector<MaskedSpan> merged(std::vector<MaskedSpan> spans) {
    std::sort(spans.begin(), spans.end(), [](const MaskedSpan& x, const MaskedSpan& y) { return x.begin < y.begin; });
    std::vector<MaskedSpan> out;
    for (const MaskedSpan& s : spans) {
        if (!out.empty() && s.begin <= out.back().end) {
            out.back().end = std::max(out.back().end, s.end);
        } else {
            out.push_back(s);
        }
    }
    return out;
}

/// Spans of the shingles whose key hash satisfies `hit`, widened by the winnowing window. With
/// `text` (the tokens' text), the widening stops at the line breaks around the shingle: furniture
/// stands in lines of its own (a footer, a comment notice), and the story's words on the lines
/// next to it stay.
template <typename Hit>
std::vector<MaskedSpan> shingle_spans(std::span<const text::Token> tokens, const Params& params, Hit&& hit,
                                      std::string_view text = {}) {
    std::vector<MaskedSpan> spans;
    const std::vector<std::uint64_t> shingles = sketch::shingle_hashes(tokens, params.shingle_tokens, params.seed);
    const std::uint32_t widen = params.winnow_window > 0 ? params.winnow_window - 1 : 0;
    const auto n = static_cast<std::uint32_t>(tokens.size());
    // Each token's line as [first token, end token) of the line.
    std::vector<std::uint32_t> line_first;
    std::vector<std::uint32_t> line_end;
    if (!text.empty()) {
        line_first.resize(n);
        line_end.resize(n);
        std::uint32_t first = 0;
        for (std::uint32_t t = 0; t < n; ++t) {
            if (t > 0 && text.substr(tokens[t - 1].end, tokens[t].begin - tokens[t - 1].end).find('\n') !=
                             std::string_view::npos) {
                for (std::uint32_t u = first; u < t; ++u) line_end[u] = t;
                first = t;
            }
            line_first[t] = first;
        }
        for (std::uint32_t u = first; u < n; ++u) line_end[u] = n;
    }
    for (std::size_t i = 0; i < shingles.size(); ++i) {
        if (!hit(shingles[i])) continue;
        const auto p = static_cast<std::uint32_t>(i);
        std::uint32_t begin = p > widen ? p - widen : 0;
        std::uint32_t end = std::min(n, p + params.shingle_tokens + widen);
        if (!line_first.empty()) {
            begin = std::max(begin, line_first[p]);
            end = std::min(end, line_end[std::min(n, p + params.shingle_tokens) - 1]);
        }
        spans.push_back({begin, end, LineKind::text});
    }
    return merged(std::move(spans));
}

bool overlaps(const std::vector<MaskedSpan>& spans, const MaskedSpan& x) {
    return std::any_of(spans.begin(), spans.end(), [&](const MaskedSpan& s) { return s.begin < x.end && x.begin < s.end; });
}

/// `spans` (sorted, disjoint) with the words of `cut` (sorted, disjoint) taken out.
std::vector<MaskedSpan> without(const std::vector<MaskedSpan>& spans, const std::vector<MaskedSpan>& cut) {
    std::vector<MaskedSpan> out;
    for (MaskedSpan s : spans) {
        for (const MaskedSpan& c : cut) {
            if (c.end <= s.begin || c.begin >= s.end) continue;
            if (c.begin > s.begin) out.push_back({s.begin, c.begin, s.kind});
            s.begin = std::min(s.end, c.end);
        }
        if (s.begin < s.end) out.push_back(s);
    }
    return out;
}

}  // namespace

std::vector<MaskedSpan> furniture_spans(std::string_view text, std::span<const text::Token> tokens,
                                        const Furniture* furniture, const Params& params) {
    std::vector<MaskedSpan> spans;
    if (furniture != nullptr && !furniture->empty()) {
        spans = shingle_spans(tokens, params, [&](std::uint64_t h) { return furniture->is_furniture(h); }, text);
    }
    std::vector<MaskedSpan> lines;
    std::vector<MaskedSpan> kept;  // wire attribution lines inside furniture
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        const auto first = std::lower_bound(tokens.begin(), tokens.end(), start,
                                            [](const text::Token& t, std::size_t at) { return t.begin < at; });
        const auto last = std::lower_bound(first, tokens.end(), end,
                                           [](const text::Token& t, std::size_t at) { return t.begin < at; });
        const MaskedSpan words{static_cast<std::uint32_t>(first - tokens.begin()),
                               static_cast<std::uint32_t>(last - tokens.begin()), line_kind(line)};
        if (words.begin < words.end && words.kind != LineKind::text) {
            lines.push_back(words);
        } else if (words.begin < words.end && overlaps(spans, words)) {
            // A copyright, credit or dateline says where a text came from: evidence, not furniture.
            const text::WireSignals wire = text::detect_wire_signals(line);
            if (wire.copyright || wire.credit_line || wire.dateline) kept.push_back(words);
        }
        start = end + 1;
    }
    if (!kept.empty()) spans = without(spans, kept);
    if (lines.empty()) return spans;
    // A line's own kind wins over furniture around it; the rest of a furniture span stays.
    std::vector<MaskedSpan> out;
    std::size_t l = 0;
    for (MaskedSpan s : spans) {
        while (l < lines.size() && lines[l].end <= s.begin) out.push_back(lines[l++]);
        while (l < lines.size() && lines[l].begin < s.end) {
            if (lines[l].begin > s.begin) out.push_back({s.begin, lines[l].begin, LineKind::text});
            s.begin = std::max(s.begin, lines[l].end);
            if (lines[l].end > s.end) break;  // the line reaches past the span: it comes next
            out.push_back(lines[l++]);
        }
        if (s.begin < s.end) out.push_back(s);
    }
    while (l < lines.size()) out.push_back(lines[l++]);
    std::sort(out.begin(), out.end(), [](const MaskedSpan& x, const MaskedSpan& y) { return x.begin < y.begin; });
    return out;
}

std::string masked_text(std::string_view text, std::span<const text::Token> tokens, std::span<const MaskedSpan> spans) {
    std::string out(text);
    for (const MaskedSpan& s : spans) {
        if (s.begin >= s.end) continue;
        for (std::uint32_t b = tokens[s.begin].begin; b < tokens[s.end - 1].end; ++b) {
            if (out[b] != '\n') out[b] = ' ';
        }
    }
    return out;
}

std::vector<RepeatedPassage> repeated_passages(const Furniture& furniture, std::uint32_t limit, const Params& params,
                                               const std::function<void(std::uint32_t, std::string&)>& text_of) {
    std::vector<RepeatedPassage> out;
    std::set<std::pair<std::uint32_t, std::string>> seen;
    std::set<std::uint64_t> corpus;  // key hashes of the corpus boilerplate kept
    for (const auto& r : furniture.repeated()) {
        if (r.outlet == 0) corpus.insert(r.hash);
    }
    std::string text;
    for (const auto& r : furniture.repeated()) {
        if (out.size() >= limit) break;
        text_of(r.example, text);
        const std::vector<text::Token> tokens = text::tokenize(text);
        const std::vector<MaskedSpan> spans =
            r.outlet == 0
                ? shingle_spans(tokens, params, [&](std::uint64_t h) { return corpus.contains(h >> kDocBits); })
                : furniture_spans(text, tokens, &furniture, params);
        const std::vector<std::uint64_t> shingles = sketch::shingle_hashes(tokens, params.shingle_tokens, params.seed);
        const auto at = std::find_if(shingles.begin(), shingles.end(),
                                     [&](std::uint64_t h) { return h >> kDocBits == r.hash; });
        if (at == shingles.end()) continue;
        const auto p = static_cast<std::uint32_t>(at - shingles.begin());
        const auto span = std::find_if(spans.begin(), spans.end(),
                                       [&](const MaskedSpan& s) { return s.begin <= p && p < s.end; });
        if (span == spans.end()) continue;
        // The words of the span's furniture shingles, without the widening around them (code,
        // embed and caption lines as they are).
        std::uint32_t first = span->begin;
        std::uint32_t last = span->end;
        if (span->kind == LineKind::text) {
            const auto hit = [&](std::uint32_t i) {
                return r.outlet == 0 ? corpus.contains(shingles[i] >> kDocBits) : furniture.is_furniture(shingles[i]);
            };
            first = p;
            std::uint32_t end = p;
            for (std::uint32_t i = p; i < std::min<std::size_t>(span->end, shingles.size()); ++i) {
                if (hit(i)) end = i;
            }
            for (std::uint32_t i = span->begin; i < p; ++i) {
                if (hit(i)) {
                    first = i;
                    break;
                }
            }
            last = std::min(span->end, end + params.shingle_tokens);
            // The passage's first and last words lie up to w - 1 words outside its fingerprints:
            // shown from the start of its line and to the end of its line within those.
            const std::size_t line_start = text.rfind('\n', tokens[first].begin);
            for (std::uint32_t back = 0; back + 1 < params.winnow_window && first > span->begin; ++back) {
                if (line_start != std::string::npos && tokens[first - 1].begin < line_start) break;
                --first;
            }
            const std::size_t line_end = text.find('\n', tokens[last - 1].end);
            for (std::uint32_t ahead = 0; ahead + 1 < params.winnow_window && last < span->end; ++ahead) {
                if (line_end != std::string::npos && tokens[last].begin > line_end) break;
                ++last;
            }
        }
        std::string passage = text.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin);
        if (!seen.emplace(r.outlet, passage).second) continue;
        out.push_back({r.outlet == 0 ? std::string("corpus") : furniture.outlet_names()[r.outlet], r.articles,
                       r.example, std::move(passage)});
    }
    return out;
}

}  // namespace wiretrace::candidates
