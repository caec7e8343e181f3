// SPDX-License-Identifier: Apache-2.0
// Builds the generator's language model: parses the lexicon, then learns the sentence skeleton
// (skeleton.cpp) and builds the vocabulary and the invented names (vocabulary.cpp).
#include "gen/model.hpp"

#include <map>
#include <unordered_map>

#include "gen/embedded_data.hpp"
#include "wiretrace/io/lines.hpp"

namespace wiretrace::gen::detail {
namespace {

void parse_lexicon(Model& m) {
    std::vector<std::string>* section = nullptr;
    bool in_places = false;
    bool in_synonyms = false;
    int in_words = -1;  // a word-class section: several words to a line
    io::for_each_line(data::kLexicon, [&](std::size_t, std::string_view line) {
        if (line.empty() || line.front() == '#') return;
        if (line.front() == '[') {
            const std::string_view name = line.substr(1, line.find(']') - 1);
            in_places = name == "places";
            in_synonyms = name == "synonyms";
            constexpr std::array<std::string_view, kWordClasses> kClassSections = {
                "nouns", "plurals", "verbs", "past", "gerunds", "adjectives", "adverbs"};
            in_words = -1;
            for (std::size_t c = 0; c < kClassSections.size(); ++c) {
                if (name == kClassSections[c]) in_words = static_cast<int>(c);
            }
            section = name == "first_names"        ? &m.first_names
                      : name == "surnames"         ? &m.surnames
                      : name == "generic_names"    ? &m.generic_names
                      : name == "title_roles"      ? &m.title_roles
                      : name == "appositive_roles" ? &m.appositive_roles
                      : name == "org_nouns"        ? &m.org_nouns
                      : name == "town_prefixes"    ? &m.town_prefixes
                      : name == "town_suffixes"    ? &m.town_suffixes
                      : name == "paper_names"      ? &m.paper_names
                      : name == "boilerplate"      ? &m.boilerplate
                                                   : nullptr;
            return;
        }
        if (in_places) {
            const auto bar1 = line.find('|');
            const auto bar2 = line.find('|', bar1 + 1);
            if (bar1 == std::string_view::npos || bar2 == std::string_view::npos) return;
            m.places.push_back(Place{std::string(line.substr(0, bar1)),
                                     std::string(line.substr(bar1 + 1, bar2 - bar1 - 1)),
                                     std::string(line.substr(bar2 + 1))});
        } else if (in_synonyms) {
            auto& group = m.synonym_lines.emplace_back();
            for (std::size_t pos = 0; pos < line.size();) {
                const auto end = std::min(line.find(' ', pos), line.size());
                if (end > pos) group.emplace_back(line.substr(pos, end - pos));
                pos = end + 1;
            }
        } else if (in_words >= 0) {
            for (std::size_t pos = 0; pos < line.size();) {
                const auto end = std::min(line.find(' ', pos), line.size());
                if (end > pos) m.listed[static_cast<std::size_t>(in_words)].emplace_back(line.substr(pos, end - pos));
                pos = end + 1;
            }
        } else if (section != nullptr) {
            section->emplace_back(line);
        }
    });
}

/// Resolves the synonym lines to vocab ids: words not in the vocabulary, or of another class than
/// the group's first word, are left out; groups left with fewer than two words are dropped.
void build_synonyms(Model& m) {
    std::unordered_map<std::string_view, std::uint32_t> ids;
    for (std::uint32_t i = 0; i < m.vocab.size(); ++i) ids.emplace(m.vocab_text[i], i);
    m.synonym_group.assign(m.vocab.size(), Model::kNoGroup);
    for (const auto& line : m.synonym_lines) {
        std::vector<std::uint32_t> group;
        for (const auto& word : line) {
            const auto it = ids.find(word);
            if (it == ids.end() || m.synonym_group[it->second] != Model::kNoGroup) continue;
            if (!group.empty() && m.vocab[it->second].cls != m.vocab[group.front()].cls) continue;
            group.push_back(it->second);
        }
        if (group.size() < 2) continue;
        for (std::uint32_t id : group) m.synonym_group[id] = static_cast<std::uint32_t>(m.synonym_groups.size());
        m.synonym_groups.push_back(std::move(group));
    }
}

Model build_model() {
    Model m;
    parse_lexicon(m);
    std::unordered_map<std::string, WordClass> classes;
    for (std::size_t c = 0; c < kWordClasses; ++c) {
        for (const auto& word : m.listed[c]) classes.emplace(word, static_cast<WordClass>(c));
    }
    std::map<std::string, std::size_t> content_counts;
    m.skeleton = learn_skeleton(classes, content_counts, m.seed_sentences);
    build_vocabulary(m, classes, content_counts);
    invent_names(m);
    build_synonyms(m);
    for (std::size_t i = 0; i < kWeekdays.size(); ++i) m.weekdays[i] = std::string(kWeekdays[i]);
    return m;
}

}  // namespace

const Model& model() {
    static const Model instance = build_model();
    return instance;
}

}  // namespace wiretrace::gen::detail
