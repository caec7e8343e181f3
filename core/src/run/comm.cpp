// SPDX-License-Identifier: Apache-2.0
// The distributed scan's communicator: MPI collectives over byte and integer messages.
#include "run/comm.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace wiretrace::scan::distributed::detail {

namespace {

[[noreturn]] void mpi_failed(int rc, std::string_view what) {
    char message[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(rc, message, &length);
    throw Error(Errc::io, "", fmt::format("{} failed: {}", what, std::string_view(message, static_cast<std::size_t>(length))));
}

}  // namespace

void check_mpi(int rc, std::string_view what) {
    if (rc != MPI_SUCCESS) mpi_failed(rc, what);
}

Comm::Comm() {
    check_mpi(MPI_Comm_rank(MPI_COMM_WORLD, &rank), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(MPI_COMM_WORLD, &size), "MPI_Comm_size");
}

std::vector<std::string> Comm::exchange_bytes(const std::vector<std::string>& out) {
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

std::vector<std::string> Comm::gather(const std::string& mine) {
    std::vector<std::string> out(static_cast<std::size_t>(size));
    out[0] = mine;
    std::vector<std::string> in = exchange_bytes(rank == 0 ? std::vector<std::string>(out.size()) : out);
    if (rank != 0) return {};
    in[0] = mine;
    return in;
}

std::string Comm::broadcast(std::string message) {
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

std::uint64_t Comm::sum(std::uint64_t value) {
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
    return value;
}
std::uint64_t Comm::max(std::uint64_t value) {
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
    return value;
}
std::vector<std::uint64_t> Comm::all(std::uint64_t value) {
    std::vector<std::uint64_t> out(static_cast<std::size_t>(size));
    check_mpi(MPI_Allgather(&value, 1, MPI_UINT64_T, out.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD), "MPI_Allgather");
    return out;
}
void Comm::sum(std::span<std::uint64_t> values) {
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM,
                            MPI_COMM_WORLD),
              "MPI_Allreduce");
}
void Comm::sum(std::span<std::uint32_t> values) {
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

}  // namespace wiretrace::scan::distributed::detail
