// SPDX-License-Identifier: Apache-2.0
// `wiretrace serve`: the index behind a small HTTP/JSON service, so that a newsroom system can
// ask `check` while an editor types. Routes, formats and status codes: README.md, "wiretrace
// serve". The HTTP library (cpp-httplib) stays inside the target wiretrace::serve; this header
// needs only the standard library and the engine's own headers. Nothing here prints or exits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "wiretrace/run/check.hpp"

namespace wiretrace::serve {

/// Default limit of a request body: 16 MiB.
inline constexpr std::size_t kDefaultMaxBodyBytes = std::size_t{16} << 20;

struct Options {
    std::string db;                     ///< the index file
    std::string host = "127.0.0.1";     ///< the address to listen on (loopback unless told)
    int port = 8080;                    ///< 0: any free port (bind() says which)
    /// The secret a client sends as "Authorization: Bearer <token>". Empty: reads are open and
    /// adds are refused (403); set: every route but /health needs it (401 without, 403 wrong).
    std::string token;
    std::size_t threads = 16;           ///< workers; each serves one connection at a time
    /// Requests doing engine work (check, compare, add, pair, stats) at once; the other workers
    /// wait for a slot, so connections are many but the cores are not oversubscribed (the tail
    /// latency on 2 cores: p99 70 ms with 16 at once, 29 ms with 4). 0: the machine's cores.
    std::size_t engine_slots = 0;
    std::size_t queue = 64;             ///< accepted connections waiting for a worker; then accept waits
    std::size_t max_body_bytes = kDefaultMaxBodyBytes;  ///< larger requests get 413
    std::size_t max_articles = 1000;    ///< articles in one request; more get 413
    int timeout_seconds = 10;           ///< reading a request, writing a response
    int keep_alive_seconds = 5;         ///< an idle connection is closed after this
    check::Options check;               ///< what POST /check does unless the query says otherwise
};

/// What the server has done so far (GET /health reports it).
struct Counters {
    std::uint64_t requests = 0;         ///< answered
    std::uint64_t client_errors = 0;    ///< ... with a 4xx status
    std::uint64_t server_errors = 0;    ///< ... with a 5xx status
    std::uint64_t checked = 0;          ///< articles checked
    std::uint64_t added = 0;            ///< documents stored (added or replaced)
};

/// The service. One reader connection to the index per worker in use (index::Index is one per
/// thread) and one writer connection, behind a lock: adds are stored one request at a time, each
/// in one transaction, committed before the answer is sent.
class Server {
public:
    /// Opens the index: for reading, and for writing too when a token is set (an index that does
    /// not exist yet is then created with the default parameters). Throws Error as
    /// index::Index::open_* do, and Errc::bad_argument for options out of range.
    explicit Server(Options options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds the address; returns the port (the one chosen when Options::port is 0). Throws
    /// Error(Errc::io) when the address cannot be bound.
    int bind();
    /// Serves until stop() is called; returns once the requests in flight have been answered
    /// (connections waiting in the queue included). Call bind() first.
    void run();
    /// Asks run() to return. Safe from any thread, before or during run(), and more than once;
    /// not from a signal handler.
    void stop();

    Counters counters() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wiretrace::serve
