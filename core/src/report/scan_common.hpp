// SPDX-License-Identifier: Apache-2.0
// What every rendering of a scan (text, JSONL, HTML) reads the same way from a scan::Result:
// a copy's pair with its source, the coverages seen from the copy, the order of a cluster's tree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wiretrace/run/scan.hpp"

namespace wiretrace::report::detail {

/// The publication time as ISO-8601, or "-" when unknown.
std::string time_of(const scan::Article& a);
/// The reported pair of `copy` with `source` as its source, or nullptr when there is none.
const scan::Pair* reported_pair(const scan::Result& r, std::uint32_t copy, std::uint32_t source);

/// The union share (scan::Pair::union_share) of the reported pair of `copy` with `source` as
/// its source; empty when there is none or it was derived on its own.
std::optional<double> union_share(const scan::Result& r, std::uint32_t copy, std::uint32_t source);

/// The pair of an article with its first parent, or nullptr for a root or an article alone.
const scan::Pair* parent_pair(const scan::Result& r, std::uint32_t article);

/// Coverages of a pair seen from the copy: (share of the source in the copy, share of the copy
/// from the source).
std::pair<double, double> copy_view(const scan::Pair& p, std::uint32_t copy);

/// A member of a cluster and its depth in the cluster's tree (the root is at depth 0).
struct TreeNode {
    std::uint32_t article = 0;
    std::size_t depth = 0;
};

/// The members of a cluster depth-first from the root, every copy right under its first parent.
std::vector<TreeNode> tree_order(const scan::Result& r, const provenance::Cluster& cluster);

}  // namespace wiretrace::report::detail
