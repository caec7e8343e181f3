// SPDX-License-Identifier: Apache-2.0
// Private: the distributed scan's communicator over MPI_COMM_WORLD (collective exchanges that
// count the payload bytes), and MPI error codes turned into wiretrace::Error.
#pragma once

#include <mpi.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "wiretrace/error.hpp"

namespace wiretrace::scan::distributed::detail {

/// Throws Error(io) with MPI's message when `rc` is not MPI_SUCCESS.
void check_mpi(int rc, std::string_view what);

/// MPI_COMM_WORLD with the payload bytes this rank sent to and received from the others.
class Comm {
public:
    Comm();

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
    std::vector<std::string> exchange_bytes(const std::vector<std::string>& out);

    /// Every rank's message, on rank 0 (in rank order); empty elsewhere.
    std::vector<std::string> gather(const std::string& mine);

    /// Rank 0's message, on every rank.
    std::string broadcast(std::string message);

    std::uint64_t sum(std::uint64_t value);
    std::uint64_t max(std::uint64_t value);
    /// Every rank's value, in rank order, on every rank.
    std::vector<std::uint64_t> all(std::uint64_t value);
    /// Element-wise sum over the ranks, in place (a few counters).
    void sum(std::span<std::uint64_t> values);
    /// Element-wise sum over the ranks, in place (the document-frequency table).
    void sum(std::span<std::uint32_t> values);

private:
    static int to_int(std::uint64_t n) {
        if (n > static_cast<std::uint64_t>(INT_MAX)) {
            throw Error(Errc::too_large, "",
                        "distributed scan: more than 2^31 elements in one exchange between ranks (run more ranks)");
        }
        return static_cast<int>(n);
    }
};

}  // namespace wiretrace::scan::distributed::detail
