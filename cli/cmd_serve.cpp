// SPDX-License-Identifier: Apache-2.0
// `wiretrace serve --db F`: the index behind HTTP (core's serve::Server). Parses the options,
// starts the server, and stops it on SIGTERM or SIGINT once the requests in flight are answered.
#include <atomic>
#include <csignal>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <pthread.h>
#include <thread>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/text_file.hpp"
#include "wiretrace/serve/server.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::cli {
namespace {

struct ServeOptions {
    std::string token_file;
    bool quiet = false;
    bool repair_utf8 = false;
    serve::Options server;
    OutletFiles outlets;
};

/// The token of --token-file: the file's first line, without surrounding white space.
std::string read_token(const std::string& path) {
    std::string token = io::read_file(path, 4096);
    token = token.substr(0, token.find('\n'));
    const std::size_t begin = token.find_first_not_of(" \t\r");
    const std::size_t end = token.find_last_not_of(" \t\r");
    token = begin == std::string::npos ? "" : token.substr(begin, end - begin + 1);
    if (token.empty()) throw Error(Errc::bad_argument, path, "the token file is empty");
    return token;
}

int run(ServeOptions& o) {
    if (!o.token_file.empty()) o.server.token = read_token(o.token_file);
    load_outlet_roles(o.outlets, o.server.check.params);
    o.server.check.reader.utf8 = o.repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;

    // SIGTERM and SIGINT are taken by one thread (sigwait), not by a handler: blocked here, before
    // any other thread starts, so every thread of the server inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // A client that hangs up while its answer is written must not end the server.
    std::signal(SIGPIPE, SIG_IGN);

    serve::Server server(o.server);
    const int port = server.bind();
    if (!o.quiet) {
        std::cerr << fmt::format("wiretrace: serve: {} on http://{}:{}/ ({} workers; adds {})\n",
                                 text::escape_controls(o.server.db), o.server.host, port, o.server.threads,
                                 o.server.token.empty() ? "refused: no token" : "need the token")
                  << std::flush;
    }
    std::atomic<int> signal_received{0};
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        signal_received = sig;
        server.stop();
    });
    server.run();
    const int received = signal_received.load();
    if (received == 0) pthread_kill(waiter.native_handle(), SIGTERM);  // run() ended on its own: free the waiter
    waiter.join();
    if (!o.quiet) {
        const serve::Counters c = server.counters();
        std::cerr << fmt::format("wiretrace: serve: stopped{}: {} answered ({} client errors, {} server errors), "
                                 "{} checked, {} added\n",
                                 received != 0 ? fmt::format(" on {}", received == SIGINT ? "SIGINT" : "SIGTERM") : "",
                                 counted(c.requests, "request"), c.client_errors, c.server_errors,
                                 counted(c.checked, "article"), counted(c.added, "document"));
    }
    return 0;
}

}  // namespace

Handler register_serve(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    serve::Options& s = o->server;
    app.footer(
        "Serves an index over HTTP/JSON: POST /check (one article or an array; the wiretrace.check/1\n"
        "document back), POST /compare ([A, B]), POST /index (add), GET /stats, GET /health, and\n"
        "GET|POST /pair (a match as an HTML page). Articles are JSON objects as in the JSONL inputs:\n"
        "{\"id\", \"text\", \"title\", \"outlet\", \"published\"}. Errors are JSON with a 4xx or 5xx status.\n"
        "With a token (--token or --token-file) every route but /health needs the header\n"
        "'Authorization: Bearer TOKEN' and adds are allowed; without one, reads are open and adds refused.\n"
        "SIGTERM or SIGINT stops it after answering the requests in flight. Exit status: 0 stopped, 2 error.");
    app.add_option("--db", s.db, "The index file (from `wiretrace index add`; with a token, created when missing)")
        ->required()->type_name("FILE");
    app.add_option("--host", s.host, "Address to listen on")->capture_default_str()->type_name("ADDR");
    app.add_option("--port", s.port, "Port to listen on (0: any free port, printed at start)")
        ->check(CLI::Range(0, 65535))->capture_default_str()->type_name("N");
    auto* token = app.add_option("--token", s.token, "Secret clients must send (visible in `ps`: prefer --token-file)")
                      ->type_name("TOKEN");
    app.add_option("--token-file", o->token_file, "File whose first line is the token")
        ->check(CLI::ExistingFile)->excludes(token)->type_name("FILE");
    app.add_option("--workers", s.threads, "Worker threads; each serves one connection at a time")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1024}))->capture_default_str()->type_name("N");
    app.add_option("--engine-slots", s.engine_slots,
                   "Requests doing engine work at once (check, compare, add); the other workers wait for a "
                   "slot. 0: the number of cores (more only oversubscribes them and lengthens the tail)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1024}))->capture_default_str()->type_name("N");
    app.add_option("--queue", s.queue, "Connections waiting for a worker before accepting pauses")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))->capture_default_str()->type_name("N");
    app.add_option("--max-body-bytes", s.max_body_bytes, "Larger requests get 413")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32))->capture_default_str()->type_name("N");
    app.add_option("--max-articles", s.max_articles, "Articles in one request; more get 413")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))->capture_default_str()->type_name("N");
    app.add_option("--timeout", s.timeout_seconds, "Seconds to read a request or write an answer")
        ->check(CLI::Range(1, 3600))->capture_default_str()->type_name("S");
    app.add_option("--top", s.check.top, "Matches per article unless the request says (?top=N)")
        ->check(CLI::Range(1U, 10000U))->capture_default_str()->type_name("N");
    add_number_option(app, "--min-coverage", s.check.min_coverage,
                      "Default of ?min_coverage=X: matches below this share of the source are dropped")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X");
    app.add_flag("--repair-utf8", o->repair_utf8, "Replace invalid UTF-8 in requests with U+FFFD (default: 400)");
    app.add_flag("-q,--quiet", o->quiet, "Nothing on standard error but errors");
    add_params_options(app, s.check.params);
    add_outlet_options(app, o->outlets);
    return [o] { return run(*o); };
}

}  // namespace wiretrace::cli
