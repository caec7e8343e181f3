// SPDX-License-Identifier: Apache-2.0
// `scan` on several processes with MPI (Open MPI's mpirun, or any MPI launcher): every rank reads
// a share of the inputs, sketches it, and the ranks exchange join keys by hash range, candidate
// pairs and texts by document, so that rank 0 gets the result one process would get. Built only
// with the CMake option WIRETRACE_MPI; without it, Session throws.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "wiretrace/run/scan.hpp"

namespace wiretrace::scan::distributed {

/// True when this build has the distributed scan (CMake WIRETRACE_MPI).
bool built_with_mpi();

/// True when an MPI launcher started the process (mpirun, mpiexec, srun): its environment
/// variables (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK) are set.
bool launched_by_mpi();

/// MPI for the lifetime of the object (MPI_Init_thread, MPI_Finalize); one per process. The
/// calling thread is the only one that calls MPI (oneTBB threads never do).
class Session {
public:
    /// Throws Error(bad_argument) when built without MPI, Error(io) when MPI cannot start.
    Session();
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    /// Rank 0's `value`, on every rank (a collective call).
    int broadcast(int value) const;
    /// Ends every rank of the job with exit status `code` (MPI_Abort). For the CLI, after it has
    /// reported an error: the other ranks may be waiting in a collective call.
    [[noreturn]] void abort(int code) const;

private:
    int rank_ = 0;
    int size_ = 1;
};

/// What one rank did, for the report and the scaling benchmark.
struct RankStats {
    std::uint64_t articles = 0;        ///< articles it read
    std::uint64_t text_bytes = 0;
    std::uint64_t verified = 0;        ///< pairs it verified
    std::uint64_t bytes_sent = 0;      ///< to other ranks (MPI payload, itself excluded)
    std::uint64_t bytes_received = 0;
    /// Of bytes_sent, by stage (index: Stage): read (the IDF table), candidates (join keys,
    /// fingerprint groups, DocInfo, pair codes), verify (texts), provenance (metadata, verified
    /// pairs and lineage texts to rank 0).
    std::array<std::uint64_t, 4> bytes_sent_by_stage{};
    std::uint64_t peak_rss_bytes = 0;  ///< the process's peak resident set size at the end
    std::vector<StageTime> stages;     ///< its own time in each stage
};

struct DistributedResult {
    /// On rank 0: what scan::run() returns on one process for the same inputs and options
    /// (timings aside). Empty on the other ranks.
    Result result;
    /// On rank 0: one entry per rank. Empty on the other ranks.
    std::vector<RankStats> ranks;
};

/// Runs the scan on every rank of `session`; each rank calls it with the same arguments (the
/// inputs must be readable by every rank under the same paths, except `-`, which rank 0 reads).
/// Articles are numbered in input order, as on one process, so the output is the same.
/// Throws Error on the rank where something fails (an unreadable input, a strict-mode record,
/// an MPI error); the other ranks then wait in a collective call, so the caller must abort the
/// job (Session::abort). `progress` is called on rank 0 only.
DistributedResult run(const Session& session, const std::vector<std::string>& inputs, const Options& options,
                      const ProgressFn& progress = {});

}  // namespace wiretrace::scan::distributed
