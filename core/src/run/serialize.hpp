// SPDX-License-Identifier: Apache-2.0
// Private: the byte serializer of the distributed scan's messages (values and strings appended to
// a byte buffer and read back in the same order) and the codecs of the records the ranks
// exchange: documents, articles, verified pairs, read statistics, input parts, rank statistics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "run/stages.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/run/distributed.hpp"
#include "wiretrace/run/scan.hpp"

namespace wiretrace::scan::distributed::detail {

/// Values and strings appended to a byte buffer, read back in the same order.
class ByteWriter {
public:
    explicit ByteWriter(std::string& out) : out_(out) {}
    template <typename T>
    ByteWriter& pod(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&value), sizeof value);
        return *this;
    }
    /// A flag, then the value or a zero T.
    template <typename T>
    ByteWriter& optional(const std::optional<T>& value) {
        return pod(value.has_value()).pod(value.value_or(T{}));
    }
    ByteWriter& str(std::string_view s) {
        pod(static_cast<std::uint64_t>(s.size()));
        out_.append(s);
        return *this;
    }
    template <typename T>
    ByteWriter& vec(const std::vector<T>& v) {
        pod(static_cast<std::uint64_t>(v.size()));
        out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
        return *this;
    }

private:
    std::string& out_;
};

/// Reads back what a ByteWriter wrote. Throws Error(io) when the bytes end early.
class ByteReader {
public:
    explicit ByteReader(std::string_view in) : in_(in) {}
    bool done() const { return pos_ == in_.size(); }
    template <typename T>
    T pod() {
        T value;
        take(&value, sizeof value);
        return value;
    }
    template <typename T>
    std::optional<T> optional() {
        const bool has_value = pod<bool>();
        const auto value = pod<T>();
        return has_value ? std::optional<T>(value) : std::nullopt;
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

/// A document with its text (a text fetched for verification).
void write_document(ByteWriter& w, const Document& d);
Document read_document(ByteReader& r);

/// An article's metadata (no text).
void write_article(ByteWriter& w, const Article& a);
Article read_article(ByteReader& r);

/// A verified pair; the token ranges only for derived pairs (provenance links).
void write_verified(ByteWriter& w, const scan::detail::Verified& v);
scan::detail::Verified read_verified(ByteReader& r);

/// Read statistics with their diagnostics; add_read_stats adds them to `s`, keeping at most
/// `max_diagnostics` diagnostics.
void write_read_stats(ByteWriter& w, const io::ReadStats& s);
void add_read_stats(ByteReader& r, io::ReadStats& s, std::size_t max_diagnostics);

/// A part of the inputs.
void write_part(ByteWriter& w, const io::InputPart& p);
io::InputPart read_part(ByteReader& r);

/// What one rank did.
void write_rank_stats(ByteWriter& w, const RankStats& s);
RankStats read_rank_stats(ByteReader& r);

}  // namespace wiretrace::scan::distributed::detail
