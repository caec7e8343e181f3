// SPDX-License-Identifier: Apache-2.0
// Story groups: the plan of each group (a pure function of the seed and the group number), the
// documents it holds with their ids, times and truth rows, and the JSONL and TSV formatting.
#include <algorithm>
#include <cmath>
#include <deque>
#include <fmt/format.h>
#include <iterator>
#include <unordered_set>

#include "gen/edits.hpp"
#include "gen/language.hpp"
#include "gen/paraphrase.hpp"
#include "wiretrace/hash.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/provenance/provenance.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::gen {
namespace {

using detail::Doc;
using detail::kAgencies;
using detail::Rng;
using detail::derive;

/// Purposes of the random streams: each decision has its own stream, so that adding a decision
/// to one stage never shifts the numbers another stage sees.
enum Purpose : std::uint64_t {
    kPurposePlan = 1, kPurposeStory, kPurposeMember, kPurposeOutlets, kPurposeTime, kPurposeIds
};

constexpr std::uint32_t kMaxGroupSize = 255;     ///< members are numbered in 8 bits
constexpr double kMaxMeanGroupSize = 60.0;       ///< keeps groups well below the cap
constexpr std::uint64_t kRoundupLookback = 64;   ///< roundups cite wire stories of recent groups
constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
/// Same-event stories share no run of this many words with their wire story (checked on the
/// engine's tokens); a story that does is written again.
constexpr std::uint32_t kSameEventRunTokens = 8;
constexpr int kSameEventAttempts = 8;
/// A story sent in takes has one to three takes after its first (two on average).
constexpr std::uint32_t kMaxLaterTakes = 3;
constexpr double kMeanLaterTakes = 2.0;
/// The first take of a story sent in takes: its lead and this many body paragraphs, or one or
/// two more.
constexpr std::uint32_t kFirstTakeParagraphs = 3;

/// Document counts of one group.
struct Plan {
    bool wire = false;
    std::uint32_t updates = 0, copies = 0, copies_of_copies = 0, duplicates = 0, near_duplicates = 0,
                  same_event = 0, roundups = 0, paraphrases = 0, takes = 0, multi_take = 0;
    std::uint32_t total() const {
        return wire ? 1 + updates + copies + copies_of_copies + duplicates + near_duplicates + same_event + roundups +
                          paraphrases + takes + multi_take
                    : 1;
    }
};

Plan plan_of(const Generator& gen, std::uint64_t group) {
    const Config& c = gen.config();
    Rng rng(derive(c.seed, kPurposePlan, group));
    Plan p;
    if (!rng.chance(gen.wire_group_probability())) return p;
    p.wire = true;
    const double w = c.mix.wire;
    const double copies_mean = c.mix.copies / w;
    p.updates = rng.poisson(c.mix.updates / w);
    p.copies = rng.geometric(copies_mean);
    // Copies of copies need a copy: their mean is conditioned on the group having one.
    const double some_copy = copies_mean / (1.0 + copies_mean);
    p.copies_of_copies = p.copies > 0 && some_copy > 0 ? rng.poisson(c.mix.copies_of_copies / w / some_copy) : 0;
    p.duplicates = rng.poisson(c.mix.duplicates / w);
    p.near_duplicates = rng.poisson(c.mix.near_duplicates / w);
    p.same_event = rng.poisson(c.mix.same_event / w);
    p.roundups = rng.poisson(c.mix.roundups / w);
    p.paraphrases = rng.poisson(c.mix.paraphrases / w);
    // Stories sent in takes: multi-take copies are conditioned on the story having takes.
    const double take_story = c.mix.takes / w / kMeanLaterTakes;
    if (take_story > 0 && rng.chance(take_story)) p.takes = rng.between(1, kMaxLaterTakes);
    p.multi_take = p.takes > 0 ? rng.poisson(c.mix.multi_take / w / take_story) : 0;
    for (std::uint32_t* n : {&p.copies, &p.copies_of_copies, &p.near_duplicates, &p.duplicates, &p.same_event,
                             &p.paraphrases, &p.multi_take, &p.updates, &p.roundups, &p.takes}) {
        while (p.total() > kMaxGroupSize && *n > 0) --*n;
    }
    if (p.copies == 0) p.copies_of_copies = 0;
    if (p.takes == 0) p.multi_take = 0;
    return p;
}

std::uint64_t doc_key(std::uint64_t group, std::uint32_t member) { return ((group + 1) << 8) | member; }

std::string doc_id(std::uint64_t seed, std::uint64_t key) {
    // mix64 is a bijection, so distinct keys give distinct ids.
    return fmt::format("{:016x}", wiretrace::mix64(key ^ derive(seed, kPurposeIds)));
}

/// Publication time of a group's original: groups advance through the date range in order.
std::int64_t base_time(const Generator& gen, std::uint64_t group) {
    const Config& c = gen.config();
    Rng rng(derive(c.seed, kPurposeTime, group));
    const std::int64_t range = static_cast<std::int64_t>(c.days) * kDay;
    const std::int64_t span = range - std::min<std::int64_t>(3 * kDay, range / 2);  // room for copies
    const double frac = std::min(1.0, (static_cast<double>(group) + rng.uniform()) / gen.expected_groups());
    return c.start + static_cast<std::int64_t>(frac * static_cast<double>(span));
}

std::int64_t delay(Rng& rng, std::int64_t lo, std::int64_t hi) {
    return static_cast<std::int64_t>(rng.log_uniform(static_cast<double>(lo), static_cast<double>(hi)));
}

std::uint32_t pick_newspaper(const Generator& gen, Rng& rng) {
    return static_cast<std::uint32_t>(kAgencies.size()) + rng.below(gen.config().outlets);
}

/// The wire story of group `group` (which must be a wire group), written from (seed, group)
/// alone, so that a roundup in a later group can write it again.
void write_wire_original(const Generator& gen, std::uint64_t group, detail::Arena& arena, detail::Story& story,
                         Doc& doc) {
    const Config& c = gen.config();
    Rng rng(derive(c.seed, kPurposeStory, group));
    const std::int64_t published = base_time(gen, group);
    story = detail::make_story(rng, arena, published);
    std::size_t agency = 0;
    for (double u = rng.uniform(); agency + 1 < kAgencies.size(); ++agency) {
        u -= kAgencies[agency].share;
        if (u < 0) break;
    }
    detail::ArticlePlan plan;
    plan.agency = &kAgencies[agency];
    plan.dateline = rng.chance(0.95);
    plan.byline = rng.chance(c.bylines);
    plan.copyright = rng.chance(c.wire_copyright);
    plan.words = rng.between(c.min_words, c.max_words);
    detail::OriginAlloc alloc(doc_key(group, 0));
    doc = detail::write_article(story, plan, rng, arena, alloc);
    // A story sent in takes goes out first as its lead and a few paragraphs.
    if (plan_of(gen, group).takes > 0) detail::trim_body(doc, kFirstTakeParagraphs + rng.below(3));
    doc.outlet = static_cast<std::uint32_t>(agency);
    detail::respell_doc(doc, gen.outlets()[agency].locale);
    doc.published = published;
    doc.kind = DocKind::wire;
    doc.key = doc_key(group, 0);
    detail::finish(doc);
}

/// The engine's view of a word (see detail::fold_key), with the US spelling of vocabulary words:
/// two words with the same folded token always get the same key; the tests check the result
/// against text::tokenize.
std::uint64_t word_key(const detail::Word& w) {
    return w.vocab != detail::kNoVocab ? detail::model().vocab_key[w.vocab] : detail::fold_key(w.text);
}

/// Hashes of every run of kSameEventRunTokens consecutive words (across paragraphs, as the
/// engine's shingles), in text order.
std::vector<std::uint64_t> runs_of(const Doc& doc) {
    std::vector<std::uint64_t> keys;
    keys.reserve(detail::word_count(doc));
    for (const auto& p : doc.paras) {
        for (const auto& w : p.words) keys.push_back(word_key(w));
    }
    std::vector<std::uint64_t> runs;
    for (std::size_t i = 0; i + kSameEventRunTokens <= keys.size(); ++i) {
        runs.push_back(wiretrace::hash_bytes(&keys[i], kSameEventRunTokens * sizeof(std::uint64_t)));
    }
    return runs;
}

/// True when `doc` has a run of kSameEventRunTokens words in `sorted_runs`.
bool shares_run(const std::vector<std::uint64_t>& sorted_runs, const Doc& doc) {
    for (std::uint64_t run : runs_of(doc)) {
        if (std::binary_search(sorted_runs.begin(), sorted_runs.end(), run)) return true;
    }
    return false;
}

Article to_article(const Generator& gen, const Doc& d) {
    Article a;
    a.id = doc_id(gen.config().seed, d.key);
    a.outlet = gen.outlets()[d.outlet].name;
    a.published = d.published;
    a.title = d.title;
    detail::render_text(d, a.text);
    a.kind = d.kind;
    a.words = detail::word_count(d);
    if (const Language language = gen.config().language; language != Language::en) {
        // Arabic-Indic digits in half of the Arabic articles, by id: copies do not follow their sources
        const bool native_digits = language == Language::ar && (wiretrace::hash_bytes(a.id.data(), a.id.size()) & 1U) != 0;
        a.title = detail::render_in(language, gen.words(), gen.config().seed, a.title, native_digits);
        a.text = detail::render_in(language, gen.words(), gen.config().seed, a.text, native_digits);
        a.words = text::tokenize(a.text).size();
    }
    return a;
}

/// True when `copy` is a newer version of `source` by how gen made it: an update or a later take
/// is the agency's own later text of its story, made from `source` (directly or through the
/// versions between them: every ancestor of an update or a take is an earlier version). It is a
/// version when it is what provenance::VersionRule calls one, measured on gen's own origins
/// (`c`, which words came from where), not on the engine's alignment: the same outlet, published
/// later within the rule's gap, not a duplicate, the newer keeping at least the rule's share of
/// the older's words and at least its share of the newer's words coming from the older.
bool is_version(const Doc& copy, const Doc& source, Relation relation, const detail::Coverage& c) {
    const provenance::VersionRule rule;
    if (copy.kind != DocKind::update && copy.kind != DocKind::take) return false;
    const std::int64_t gap = copy.published - source.published;
    return copy.outlet == source.outlet && relation != Relation::duplicate && gap >= 0 &&
           gap <= rule.max_gap_seconds && c.of_source >= rule.min_older_kept && c.of_copy >= rule.min_newer_from_older;
}

void add_truth(const Generator& gen, const Doc& copy, const Doc* wire, std::vector<TruthRow>& rows) {
    const std::uint64_t seed = gen.config().seed;
    const std::string copy_id = doc_id(seed, copy.key);
    if (copy.kind == DocKind::same_event && wire != nullptr) {
        rows.push_back(TruthRow{copy_id, doc_id(seed, wire->key), Relation::same_story, 0.0, 0.0, false, true,
                                DocKind::same_event});
        return;
    }
    auto row = [&](const Doc& source, bool direct) {
        const detail::Coverage c = detail::coverage(source, copy);
        // An ancestor none of whose words survive (a copy of an update that replaced the lead,
        // trimmed to it) is no evidence of anything: no row.
        if (!direct && c.of_source == 0.0) return;
        Relation relation = detail::relation_of(c);
        if (is_version(copy, source, relation, c)) relation = Relation::version;
        rows.push_back(TruthRow{copy_id, doc_id(seed, source.key), relation, c.of_source, c.of_copy, direct,
                                detail::traceable(source, copy), copy.kind});
    };
    std::vector<const Doc*> seen(copy.sources.begin(), copy.sources.end());
    for (const Doc* s : copy.sources) row(*s, true);
    // Transitive ancestors: a copy of a copy derives from the original too.
    std::vector<const Doc*> stack(copy.sources.begin(), copy.sources.end());
    while (!stack.empty()) {
        const Doc* d = stack.back();
        stack.pop_back();
        for (const Doc* s : d->sources) {
            if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
            seen.push_back(s);
            stack.push_back(s);
            row(*s, false);
        }
    }
}

}  // namespace

double Mix::unrelated() const {
    return 1.0 - (wire + updates + copies + copies_of_copies + roundups + duplicates + near_duplicates + same_event +
                  paraphrases + takes + multi_take);
}

std::string_view to_string(DocKind kind) {
    switch (kind) {
        case DocKind::wire: return "wire";
        case DocKind::update: return "update";
        case DocKind::copy: return "copy";
        case DocKind::copy_of_copy: return "copy-of-copy";
        case DocKind::roundup: return "roundup";
        case DocKind::duplicate: return "duplicate";
        case DocKind::near_duplicate: return "near-duplicate";
        case DocKind::same_event: return "same-event";
        case DocKind::unrelated: return "unrelated";
        case DocKind::paraphrase: return "paraphrase";
        case DocKind::take: return "take";
        case DocKind::multi_take: return "multi-take";
    }
    return "unknown";
}

void validate(const Config& c) {
    auto bad = [](const std::string& message) { throw Error(Errc::bad_argument, "", message); };
    if (c.docs == 0) bad("--docs must be at least 1");
    if (c.docs > (std::uint64_t{1} << 34)) bad("--docs is too large (at most 2^34)");
    const std::pair<const char*, double> fractions[] = {
        {"--wire", c.mix.wire},
        {"--updates", c.mix.updates},
        {"--copies", c.mix.copies},
        {"--copies-of-copies", c.mix.copies_of_copies},
        {"--roundups", c.mix.roundups},
        {"--duplicates", c.mix.duplicates},
        {"--near-duplicates", c.mix.near_duplicates},
        {"--same-event", c.mix.same_event},
        {"--paraphrases", c.mix.paraphrases},
        {"--takes", c.mix.takes},
        {"--multi-take", c.mix.multi_take},
        {"--wire-copyright", c.wire_copyright},
        {"--bylines", c.bylines},
        {"--credit-lines", c.credit_lines},
        {"--boilerplate", c.boilerplate},
    };
    for (const auto& [name, value] : fractions) {
        if (!(value >= 0.0 && value <= 1.0)) bad(fmt::format("{} must be a fraction in [0, 1], got {}", name, value));
    }
    if (c.mix.unrelated() < -1e-9) {
        bad(fmt::format("the document kinds add up to {:.4f}, more than 1", 1.0 - c.mix.unrelated()));
    }
    const double derived = c.mix.updates + c.mix.copies + c.mix.copies_of_copies + c.mix.roundups +
                           c.mix.duplicates + c.mix.near_duplicates + c.mix.same_event + c.mix.paraphrases +
                           c.mix.takes + c.mix.multi_take;
    if (c.mix.wire == 0 && derived > 0) bad("derived and same-event documents need wire stories: --wire is 0");
    if (c.mix.copies == 0 && c.mix.copies_of_copies > 0) bad("--copies-of-copies needs --copies above 0");
    if (c.mix.takes == 0 && c.mix.multi_take > 0) bad("--multi-take needs --takes above 0");
    if (c.mix.takes > kMeanLaterTakes * c.mix.wire) {
        bad(fmt::format("--takes is at most {} times --wire (a story has {} later takes on average)", kMeanLaterTakes,
                        kMeanLaterTakes));
    }
    if (c.mix.wire > 0 && 1.0 + derived / c.mix.wire > kMaxMeanGroupSize) {
        bad(fmt::format("too many documents per wire story ({:.1f}; at most {}): raise --wire",
                        1.0 + derived / c.mix.wire, kMaxMeanGroupSize));
    }
    if (c.outlets == 0 || c.outlets > 100000) bad("--outlets must be in [1, 100000]");
    if (c.days == 0 || c.days > 36500) bad("--days must be in [1, 36500]");
    if (c.min_words < 50 || c.max_words > 10000 || c.min_words > c.max_words) {
        bad("--min-words and --max-words must satisfy 50 <= min <= max <= 10000");
    }
}

Generator::Generator(Config config) : config_(std::move(config)) {
    validate(config_);
    if (config_.language != Language::en) {
        words_ = detail::load_word_list(config_.language, config_.word_list.empty()
                                                              ? std::string(default_word_list(config_.language))
                                                              : config_.word_list);
    }
    const detail::Model& m = detail::model();
    for (const auto& agency : kAgencies) {
        Outlet o;
        o.name = std::string(agency.outlet);
        o.wire = true;
        o.locale = agency.outlet == "PA" ? Locale::uk : agency.outlet == "The Canadian Press" ? Locale::ca : Locale::us;
        outlets_.push_back(std::move(o));
    }
    Rng rng(derive(config_.seed, kPurposeOutlets));
    std::unordered_set<std::string> names;
    while (outlets_.size() < kAgencies.size() + config_.outlets) {
        std::string town = rng.chance(0.75) ? rng.pick(m.town_prefixes) + rng.pick(m.town_suffixes)
                                             : rng.pick(m.invented_names);
        std::string name = (rng.chance(0.6) ? "The " : "") + town + " " + rng.pick(m.paper_names);
        if (names.size() > 20000 || !names.insert(name).second) {
            name += " " + std::to_string(outlets_.size());  // many outlets: make the name unique
            names.insert(name);
        }
        Outlet o;
        o.name = name;
        const double r = rng.uniform();
        o.locale = r < 0.55 ? Locale::us : r < 0.75 ? Locale::uk : r < 0.9 ? Locale::ca : Locale::au;
        const std::uint32_t lines = rng.between(1, 2);
        for (std::uint32_t i = 0; i < lines; ++i) {
            std::string line = rng.pick(m.boilerplate);
            // "the {outlet}" with "The Ashford Herald" would read "the The Ashford Herald".
            const bool has_article = name.starts_with("The ");
            for (auto at = line.find("{outlet}"); at != std::string::npos; at = line.find("{outlet}")) {
                if (has_article && at >= 4 && line.compare(at - 4, 4, "the ") == 0) {
                    line.replace(at - 4, 12, name);
                } else {
                    line.replace(at, 8, name);
                }
            }
            if (std::find(o.boilerplate.begin(), o.boilerplate.end(), line) == o.boilerplate.end()) {
                o.boilerplate.push_back(std::move(line));
            }
        }
        outlets_.push_back(std::move(o));
    }
    // P(wire group) x so that unrelated stories make up their share u of the documents:
    // x M / (x M + 1 - x) = 1 - u, with M the mean size of a wire group.
    const Mix& mix = config_.mix;
    const double u = std::max(0.0, mix.unrelated());
    if (mix.wire > 0) {
        const double group_mean = 1.0 + (1.0 - u - mix.wire) / mix.wire;
        wire_group_probability_ = (1.0 - u) / (group_mean * u + 1.0 - u);
        const double docs_per_group = wire_group_probability_ * group_mean + (1.0 - wire_group_probability_);
        expected_groups_ = std::max(1.0, static_cast<double>(config_.docs) / docs_per_group);
    } else {
        wire_group_probability_ = 0;
        expected_groups_ = static_cast<double>(config_.docs);
    }
}

std::uint32_t Generator::group_size(std::uint64_t group) const { return plan_of(*this, group).total(); }

Group Generator::generate_group(std::uint64_t group, std::uint32_t limit) const {
    Group out;
    const Plan plan = plan_of(*this, group);
    limit = std::min(limit, plan.total());
    if (limit == 0) return out;
    detail::Arena arena;
    std::deque<Doc> docs;          // this group's documents, member order
    std::deque<Doc> cited;         // wire stories of earlier groups, for roundups
    std::deque<detail::Story> cited_stories;
    const Config& c = config_;

    if (!plan.wire) {
        Rng rng(derive(c.seed, kPurposeStory, group));
        const std::int64_t published = base_time(*this, group);
        const detail::Story story = detail::make_story(rng, arena, published);
        detail::ArticlePlan ap;
        ap.byline = rng.chance(0.4);
        ap.words = rng.between(c.min_words, c.max_words);
        detail::OriginAlloc alloc(doc_key(group, 0));
        Doc& d = docs.emplace_back(detail::write_article(story, ap, rng, arena, alloc));
        d.outlet = pick_newspaper(*this, rng);
        d.published = published;
        d.kind = DocKind::unrelated;
        d.key = doc_key(group, 0);
        detail::respell_doc(d, outlets_[d.outlet].locale);
        detail::EditEnv env{c, outlets_, story, kAgencies[0], rng, arena, alloc};
        if (rng.chance(c.boilerplate)) detail::add_outlet_boilerplate(d, d.outlet, env);
        detail::finish(d);
        out.articles.push_back(to_article(*this, d));
        return out;
    }

    detail::Story story;
    Doc& wire = docs.emplace_back();
    write_wire_original(*this, group, arena, story, wire);
    const detail::Agency& agency = kAgencies[wire.outlet];
    std::uint32_t member = 1;
    std::vector<const Doc*> versions{&wire};
    std::vector<const Doc*> copies;

    // Each member gets its own random stream and origin space.
    auto make_member = [&](DocKind kind, auto&& build) {
        Rng rng(derive(c.seed, kPurposeMember, group, member));
        detail::OriginAlloc alloc(doc_key(group, member));
        detail::EditEnv env{c, outlets_, story, agency, rng, arena, alloc};
        Doc& d = docs.emplace_back(build(env));
        // A build may fall back to another kind (a multi-take copy with nothing to combine is a
        // plain copy) and says so; otherwise the document is of the kind planned.
        if (d.kind == DocKind::unrelated) d.kind = kind;
        d.key = doc_key(group, member);
        ++member;
        return &d;
    };

    for (std::uint32_t i = 0; i < plan.updates && member < limit; ++i) {
        const Doc* d = make_member(DocKind::update, [&](detail::EditEnv& env) {
            Doc u = detail::make_update(*versions.back(), env);
            u.published = versions.back()->published + delay(env.rng, 30 * kMinute, 8 * kHour);
            return u;
        });
        versions.push_back(d);
    }
    // Later takes: an add, then a write-through, alternately, each from the previous take.
    std::vector<const Doc*> takes{&wire};
    for (std::uint32_t i = 0; i < plan.takes && member < limit; ++i) {
        const Doc* d = make_member(DocKind::take, [&](detail::EditEnv& env) {
            const Doc& previous = *takes.back();
            Doc t = takes.size() % 2 == 1 ? detail::make_take_add(previous, env) : detail::make_write_through(previous, env);
            t.published = previous.published + delay(env.rng, 20 * kMinute, 3 * kHour);
            return t;
        });
        takes.push_back(d);
        versions.push_back(d);
    }
    for (std::uint32_t i = 0; i < plan.copies && member < limit; ++i) {
        copies.push_back(make_member(DocKind::copy, [&](detail::EditEnv& env) {
            const Doc& source = *versions[env.rng.below(static_cast<std::uint32_t>(versions.size()))];
            Doc d = detail::make_copy(source, pick_newspaper(*this, env.rng), env);
            d.published = source.published + delay(env.rng, 10 * kMinute, 2 * kDay);
            return d;
        }));
    }
    const std::size_t direct_copies = copies.size();
    for (std::uint32_t i = 0; i < plan.copies_of_copies && member < limit && direct_copies > 0; ++i) {
        copies.push_back(make_member(DocKind::copy_of_copy, [&](detail::EditEnv& env) {
            const Doc& source = *copies[env.rng.below(static_cast<std::uint32_t>(copies.size()))];
            Doc d = detail::make_copy(source, pick_newspaper(*this, env.rng), env);
            d.published = source.published + delay(env.rng, 10 * kMinute, kDay);
            return d;
        }));
    }
    auto pick_source = [&](Rng& rng) -> const Doc& {
        if (!copies.empty() && rng.chance(0.6)) return *copies[rng.below(static_cast<std::uint32_t>(copies.size()))];
        return *versions[rng.below(static_cast<std::uint32_t>(versions.size()))];
    };
    for (std::uint32_t i = 0; i < plan.duplicates && member < limit; ++i) {
        make_member(DocKind::duplicate, [&](detail::EditEnv& env) {
            const Doc& source = pick_source(env.rng);
            const std::uint32_t outlet = env.rng.chance(0.5) ? source.outlet : pick_newspaper(*this, env.rng);
            Doc d = detail::make_duplicate(source, outlet, env);
            d.published = source.published + delay(env.rng, 2 * kMinute, kDay);
            return d;
        });
    }
    for (std::uint32_t i = 0; i < plan.near_duplicates && member < limit; ++i) {
        make_member(DocKind::near_duplicate, [&](detail::EditEnv& env) {
            const Doc& source = pick_source(env.rng);
            Doc d = detail::make_near_duplicate(source, pick_newspaper(*this, env.rng), env);
            d.published = source.published + delay(env.rng, 5 * kMinute, kDay);
            return d;
        });
    }
    if (plan.same_event > 0 && member < limit) {
        auto wire_runs = runs_of(wire);
        std::sort(wire_runs.begin(), wire_runs.end());
        for (std::uint32_t i = 0; i < plan.same_event && member < limit; ++i) {
            Doc* slot = nullptr;
            for (int attempt = 0; attempt < kSameEventAttempts; ++attempt) {
                Rng rng(derive(c.seed, kPurposeMember, group, member | (static_cast<std::uint64_t>(attempt) << 8)));
                detail::OriginAlloc alloc(doc_key(group, member));
                detail::ArticlePlan ap;
                std::uint32_t outlet;
                if (rng.chance(0.4)) {
                    outlet = (wire.outlet + 1 + rng.below(static_cast<std::uint32_t>(kAgencies.size() - 1))) %
                             static_cast<std::uint32_t>(kAgencies.size());
                    ap.agency = &kAgencies[outlet];
                    ap.dateline = rng.chance(0.9);
                    ap.byline = rng.chance(c.bylines);
                    ap.copyright = rng.chance(c.wire_copyright);
                } else {
                    outlet = pick_newspaper(*this, rng);
                    ap.byline = rng.chance(0.4);
                }
                ap.words = rng.between(c.min_words, c.max_words);
                ap.independent = true;
                Doc d = detail::write_article(story, ap, rng, arena, alloc);
                d.outlet = outlet;
                d.published = wire.published - 6 * kHour + static_cast<std::int64_t>(rng.uniform() * 12.0 * kHour);
                detail::respell_doc(d, outlets_[outlet].locale);
                detail::EditEnv env{c, outlets_, story, agency, rng, arena, alloc};
                if (!outlets_[outlet].wire && rng.chance(c.boilerplate)) detail::add_outlet_boilerplate(d, outlet, env);
                detail::finish(d);
                if (slot == nullptr) {
                    slot = &docs.emplace_back(std::move(d));
                } else {
                    *slot = std::move(d);
                }
                if (!shares_run(wire_runs, *slot)) break;
            }
            slot->kind = DocKind::same_event;
            slot->key = doc_key(group, member);
            ++member;
        }
    }
    for (std::uint32_t i = 0; i < plan.roundups && member < limit; ++i) {
        // Cite one or two wire stories of recent earlier groups, written again from their seeds.
        Rng pick(derive(c.seed, kPurposeMember, group, member | (std::uint64_t{1} << 40)));
        std::vector<std::uint64_t> candidates;
        for (std::uint64_t back = 1; back <= kRoundupLookback && back <= group && candidates.size() < 6; ++back) {
            if (plan_of(*this, group - back).wire) candidates.push_back(group - back);
        }
        const std::uint32_t wanted = pick.between(1, 2);
        std::vector<const Doc*> sources{&wire};
        std::vector<const detail::Story*> stories{&story};
        for (std::uint32_t k = 0; k < wanted && !candidates.empty(); ++k) {
            const std::uint32_t at = pick.below(static_cast<std::uint32_t>(candidates.size()));
            const std::uint64_t cited_group = candidates[at];
            candidates.erase(candidates.begin() + at);
            write_wire_original(*this, cited_group, arena, cited_stories.emplace_back(), cited.emplace_back());
            sources.push_back(&cited.back());
            stories.push_back(&cited_stories.back());
        }
        if (sources.size() < 2) {
            // The first wire story of the corpus has nothing earlier to cite: an ordinary copy.
            copies.push_back(make_member(DocKind::copy, [&](detail::EditEnv& env) {
                Doc d = detail::make_copy(wire, pick_newspaper(*this, env.rng), env);
                d.published = wire.published + delay(env.rng, 10 * kMinute, 2 * kDay);
                return d;
            }));
            continue;
        }
        make_member(DocKind::roundup, [&](detail::EditEnv& env) {
            Doc d = detail::make_roundup(sources, stories, pick_newspaper(*this, env.rng), env);
            std::int64_t latest = 0;
            for (const Doc* s : sources) latest = std::max(latest, s->published);
            d.published = latest + delay(env.rng, kHour, 12 * kHour);
            return d;
        });
    }

    for (std::uint32_t i = 0; i < plan.paraphrases && member < limit; ++i) {
        make_member(DocKind::paraphrase, [&](detail::EditEnv& env) {
            const Doc& source = *versions[env.rng.below(static_cast<std::uint32_t>(versions.size()))];
            Doc d = detail::make_paraphrase(source, pick_newspaper(*this, env.rng), env);
            d.published = source.published + delay(env.rng, 30 * kMinute, 2 * kDay);
            return d;
        });
    }
    for (std::uint32_t i = 0; i < plan.multi_take && member < limit && takes.size() >= 2; ++i) {
        make_member(DocKind::multi_take, [&](detail::EditEnv& env) {
            const std::uint32_t outlet = pick_newspaper(*this, env.rng);
            // Based on a later take; an earlier base when that one holds everything earlier takes said.
            for (auto base = 1 + env.rng.below(static_cast<std::uint32_t>(takes.size() - 1)); base >= 1; --base) {
                Doc d = detail::make_multi_take(takes, base, outlet, env);
                if (d.sources.empty()) continue;
                std::int64_t latest = 0;
                for (const Doc* s : d.sources) latest = std::max(latest, s->published);
                d.published = latest + delay(env.rng, 10 * kMinute, kDay);
                return d;
            }
            Doc d = detail::make_copy(*takes.back(), outlet, env);
            d.kind = DocKind::copy;
            d.published = takes.back()->published + delay(env.rng, 10 * kMinute, 2 * kDay);
            return d;
        });
    }

    for (const Doc& d : docs) {
        out.articles.push_back(to_article(*this, d));
        add_truth(*this, d, &wire, out.truth);
    }
    return out;
}

void append_jsonl(std::string& out, const Article& a) {
    report::JsonWriter w(out);
    w.begin_object();
    w.key("id").value(a.id);
    w.key("outlet").value(a.outlet);
    w.key("published").value(format_iso8601(a.published));
    w.key("title").value(a.title);
    w.key("text").value(a.text);
    w.end_object();
    out.push_back('\n');
}

void append_truth(std::string& out, const TruthRow& row) {
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{:.4f}\t{:.4f}\t{}\t{}\t{}\n", row.copy_id, row.source_id,
                   to_string(row.relation), row.coverage_of_source, row.coverage_of_copy,
                   row.direct ? 1 : 0, row.traceable ? 1 : 0, to_string(row.kind));
}

}  // namespace wiretrace::gen
