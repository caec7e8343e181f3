// SPDX-License-Identifier: Apache-2.0
#include "wiretrace/types.hpp"

namespace wiretrace {

std::string_view to_string(Relation relation) {
    switch (relation) {
        case Relation::duplicate: return "duplicate";
        case Relation::near_duplicate: return "near-duplicate";
        case Relation::rewrite: return "rewrite";
        case Relation::same_story: return "same-story";
        case Relation::unrelated: return "unrelated";
        case Relation::version: return "version";
    }
    return "unknown";
}

std::string_view to_string(Grade grade) {
    switch (grade) {
        case Grade::none: return "";
        case Grade::verbatim: return "verbatim";
        case Grade::light: return "light";
        case Grade::heavy: return "heavy";
    }
    return "unknown";
}

std::string_view to_string(EditKind kind) {
    switch (kind) {
        case EditKind::respelling: return "respelling";
        case EditKind::substitution: return "substitution";
        case EditKind::insertion: return "insertion";
        case EditKind::deletion: return "deletion";
        case EditKind::move: return "move";
    }
    return "unknown";
}

}  // namespace wiretrace
