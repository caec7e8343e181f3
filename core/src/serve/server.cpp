// SPDX-License-Identifier: Apache-2.0
// `wiretrace serve`: routes on cpp-httplib, a bounded pool of workers, one reader connection per
// worker in use and one writer behind a lock.
#include "wiretrace/serve/server.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fmt/format.h>
#include <functional>
#include <httplib.h>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/report/check.hpp"
#include "wiretrace/report/html_pair.hpp"
#include "wiretrace/report/index_stats.hpp"
#include "wiretrace/report/json.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/run/index_add.hpp"

namespace wiretrace::serve {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kHtml = "text/html; charset=utf-8";

/// A request the client got wrong (4xx), or a failure of ours (5xx), with its message.
struct HttpError {
    int status;
    std::string message;
};

std::string_view status_name(int status) {
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal_error" : "error";
    }
}

/// The JSON body of every error: {"status": 400, "error": "bad_request", "message": "..."}.
std::string error_json(int status, std::string_view message) {
    std::string out;
    report::JsonWriter w(out);
    w.begin_object().key("status").value(static_cast<std::int64_t>(status));
    w.key("error").value(status_name(status)).key("message").value(message).end_object();
    out += '\n';
    return out;
}

/// The status of an engine error: what the client sent (4xx) or what went wrong here (500).
int status_of(const Error& e) {
    switch (e.code()) {
    case Errc::too_large: return 413;
    case Errc::bad_argument:
    case Errc::bad_format:
    case Errc::bad_utf8:
    case Errc::binary_input: return 400;
    case Errc::io:
    case Errc::not_a_file: break;
    }
    return 500;
}

/// httplib's pool of workers with a bound on the connections waiting for one: when the queue is
/// full, the accepting thread waits (and the kernel's listen backlog holds further clients).
/// shutdown() lets the workers finish every connection queued, then joins them.
class BoundedPool final : public httplib::TaskQueue {
public:
    BoundedPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
    }

    void enqueue(std::function<void()> fn) override {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return jobs_.size() < max_queued_ || shutdown_; });
        jobs_.push_back(std::move(fn));
        lock.unlock();
        ready_.notify_one();
    }

    void shutdown() override {
        {
            const std::lock_guard lock(mutex_);
            shutdown_ = true;
        }
        ready_.notify_all();
        room_.notify_all();
        for (std::thread& t : threads_) t.join();
    }

private:
    void work() {
        for (;;) {
            std::function<void()> fn;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
                if (jobs_.empty()) return;  // shut down and drained
                fn = std::move(jobs_.front());
                jobs_.pop_front();
            }
            room_.notify_one();
            fn();
        }
    }

    std::size_t max_queued_;
    std::vector<std::thread> threads_;
    std::deque<std::function<void()>> jobs_;
    bool shutdown_ = false;
    std::mutex mutex_;
    std::condition_variable ready_, room_;
};

/// Reader connections to the index, each used by one request at a time and kept for the next:
/// at most one per worker.
class ReaderPool {
public:
    explicit ReaderPool(std::string db) : db_(std::move(db)) {}

    /// A connection for the duration of one request.
    class Lease {
    public:
        Lease(ReaderPool& pool, std::unique_ptr<index::Index> idx, std::uint64_t generation)
            : pool_(pool), idx_(std::move(idx)), generation_(generation) {}
        ~Lease() { pool_.give_back(std::move(idx_), generation_); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        const index::Index& operator*() const { return *idx_; }
        const index::Index* operator->() const { return idx_.get(); }

    private:
        ReaderPool& pool_;
        std::unique_ptr<index::Index> idx_;
        std::uint64_t generation_;
    };

    Lease take() {
        std::uint64_t generation = 0;
        {
            const std::lock_guard lock(mutex_);
            generation = generation_;
            if (!free_.empty()) {
                std::unique_ptr<index::Index> idx = std::move(free_.back());
                free_.pop_back();
                return Lease(*this, std::move(idx), generation);
            }
        }
        return Lease(*this, std::make_unique<index::Index>(index::Index::open_for_reading(db_)), generation);
    }

    /// Closes the idle connections, and those in use when they come back: what a connection
    /// reads once on open (the index's furniture) changed.
    void renew() {
        const std::lock_guard lock(mutex_);
        free_.clear();
        ++generation_;
    }

private:
    void give_back(std::unique_ptr<index::Index> idx, std::uint64_t generation) {
        const std::lock_guard lock(mutex_);
        if (generation == generation_) free_.push_back(std::move(idx));
    }

    std::string db_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<index::Index>> free_;
    std::uint64_t generation_ = 0;
};

/// The value of query parameter `name`, if given.
std::optional<std::string> param(const httplib::Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    return req.get_param_value(name);
}

std::uint32_t param_count(const httplib::Request& req, const char* name, std::uint32_t fallback, std::uint32_t max) {
    const std::optional<std::string> text = param(req, name);
    if (!text) return fallback;
    std::uint32_t v = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, v);
    if (ec != std::errc{} || ptr != end || v < 1 || v > max) {
        throw HttpError{400, fmt::format("query parameter {} must be an integer from 1 to {}", name, max)};
    }
    return v;
}

double param_share(const httplib::Request& req, const char* name, double fallback) {
    const std::optional<std::string> text = param(req, name);
    if (!text) return fallback;
    double v = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, v);
    if (ec != std::errc{} || ptr != end || !(v >= 0 && v <= 1)) {
        throw HttpError{400, fmt::format("query parameter {} must be a number from 0 to 1", name)};
    }
    return v;
}

bool param_flag(const httplib::Request& req, const char* name, bool fallback) {
    const std::optional<std::string> text = param(req, name);
    if (!text) return fallback;
    if (*text == "1" || *text == "true" || text->empty()) return true;
    if (*text == "0" || *text == "false") return false;
    throw HttpError{400, fmt::format("query parameter {} must be true or false", name)};
}

/// Compares a presented token with the expected one in a time that does not depend on where
/// they differ (only on the length).
bool same_secret(std::string_view given, std::string_view expected) {
    if (given.size() != expected.size() || expected.empty()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
    return diff == 0;
}

/// The routes and what each method may do there.
struct RouteMethods {
    const char* path;
    const char* methods;  ///< the Allow header of a 405
};
constexpr RouteMethods kRoutes[] = {{"/check", "POST"}, {"/compare", "POST"}, {"/index", "POST"},
                             {"/stats", "GET"},  {"/health", "GET"},   {"/pair", "GET, POST"}};

}  // namespace

struct Server::Impl {
    Options options;
    httplib::Server http;
    ReaderPool readers;
    std::uint32_t minhash_size = 0;
    index::Parameters parameters;
    std::mutex writer_mutex;
    std::optional<index::Index> writer;  ///< with a token only

    std::atomic<std::uint64_t> requests{0}, client_errors{0}, server_errors{0}, checked{0}, added{0};

    std::mutex stop_mutex;
    std::condition_variable stop_cv;
    bool stop_requested = false;
    bool bound = false;

    /// Engine work admitted at once (Options::engine_slots).
    mutable std::mutex slots_mutex;
    mutable std::condition_variable slots_cv;
    mutable std::size_t free_slots = 0;

    /// Holds one engine slot for its lifetime.
    class Slot {
    public:
        explicit Slot(const Impl& impl) : impl_(impl) {
            std::unique_lock lock(impl_.slots_mutex);
            impl_.slots_cv.wait(lock, [&] { return impl_.free_slots > 0; });
            --impl_.free_slots;
        }
        ~Slot() {
            {
                const std::lock_guard lock(impl_.slots_mutex);
                ++impl_.free_slots;
            }
            impl_.slots_cv.notify_one();
        }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

    private:
        const Impl& impl_;
    };

    explicit Impl(Options o) : options(std::move(o)), readers(options.db) {
        if (options.threads == 0 || options.queue == 0) {
            throw Error(Errc::bad_argument, "", "the server needs at least one worker and a queue of one");
        }
        if (options.max_body_bytes == 0 || options.max_articles == 0 || options.timeout_seconds <= 0) {
            throw Error(Errc::bad_argument, "", "the body limit, the article limit and the timeout must be positive");
        }
        free_slots = options.engine_slots != 0 ? options.engine_slots
                                               : std::max<std::size_t>(1, std::thread::hardware_concurrency());
        if (!options.token.empty()) {
            writer.emplace(index::Index::open_for_writing(
                options.db, index::Parameters::from(Params{}, kDefaultLshBands), false));
        }
        const auto first = readers.take();
        parameters = first->parameters();
        minhash_size = parameters.minhash_size;
        routes();
    }

    /// Parses the body into articles, within the request limit.
    std::vector<Document> articles(std::string_view body) const {
        std::vector<Document> docs = io::parse_articles_json(body, options.check.reader);
        if (docs.empty()) throw HttpError{400, "no article: send one JSON object or a non-empty array of them"};
        if (docs.size() > options.max_articles) {
            throw HttpError{413, fmt::format("{} articles in one request; the limit is {}", docs.size(),
                                             options.max_articles)};
        }
        return docs;
    }

    void check(const httplib::Request& req, std::string_view body, httplib::Response& res) {
        const auto start = std::chrono::steady_clock::now();
        check::Options o = options.check;
        o.top = param_count(req, "top", o.top, 10000);
        o.min_coverage = param_share(req, "min_coverage", o.min_coverage);
        o.lookup.all_relations = param_flag(req, "all_relations", o.lookup.all_relations);
        std::vector<Document> docs = articles(body);
        const auto idx = readers.take();
        report::CheckJsonDocument json(options.db, minhash_size);
        check::Stats stats;
        for (Document& doc : docs) {
            const check::CheckedArticle c = check::check_article(*idx, std::move(doc), o, &stats.candidates);
            check::count(stats, c);
            json.add(c);
        }
        checked += stats.articles;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        res.set_content(json.finish(stats, seconds), kJson);
    }

    void compare(const httplib::Request& req, std::string_view body, httplib::Response& res) {
        const std::string format = param(req, "format").value_or("json");
        if (format != "json" && format != "html") throw HttpError{400, "query parameter format must be json or html"};
        const std::vector<Document> docs = articles(body);
        if (docs.size() != 2) throw HttpError{400, "compare takes a JSON array of two articles, [A, B]"};
        const Params& params = options.check.params;
        const score::StandalonePair pair = score::score_standalone(docs[0], docs[1], params);
        send_pair(res, report::PairView{docs[0], pair.analysis_a, docs[1], pair.analysis_b, pair.score,
                                        pair.df.origin, params.minhash_size},
                  format == "html");
    }

    /// GET /pair?a=ID&b=ID: two stored stories; POST /pair?known=ID with an article: the match
    /// `check` reports, the known story as A. Scored as check scores (the index's background).
    void pair(const httplib::Request& req, std::string_view body, httplib::Response& res) {
        const auto idx = readers.take();
        const auto stored = [&](const char* name) {
            const std::optional<std::string> id = param(req, name);
            if (!id || id->empty()) throw HttpError{400, fmt::format("query parameter {} (a stored story's id) is missing", name)};
            const std::optional<std::int64_t> row = idx->find(*id);
            if (!row) throw HttpError{404, fmt::format("no story '{}' in the index", *id)};
            return idx->load(*row);
        };
        Document a, b;
        if (req.method == "GET") {
            a = stored("a");
            b = stored("b");
        } else {
            a = stored("known");
            std::vector<Document> docs = articles(body);
            if (docs.size() != 1) throw HttpError{400, "POST /pair takes one article"};
            b = std::move(docs.front());
        }
        Params params = options.check.params;
        idx->parameters().apply_to(params);
        const score::StandalonePair pair = score::score_standalone(a, b, params, &idx->background());
        send_pair(res, report::PairView{a, pair.analysis_a, b, pair.analysis_b, pair.score, pair.df.origin,
                                        params.minhash_size},
                  true);
    }

    static void send_pair(httplib::Response& res, const report::PairView& view, bool html) {
        std::ostringstream out;
        if (html) {
            report::write_pair_html(out, view);
            res.set_content(out.str(), kHtml);
        } else {
            report::write_pair_json(out, view);
            res.set_content(out.str(), kJson);
        }
    }

    void add(const httplib::Request& req, std::string_view body, httplib::Response& res) {
        const std::string on_duplicate = param(req, "on_duplicate").value_or("skip");
        if (on_duplicate != "skip" && on_duplicate != "replace") {
            throw HttpError{400, "query parameter on_duplicate must be skip or replace"};
        }
        // Sketched and compressed outside the lock; stored in one transaction, committed before
        // the answer: an add that was answered survives a crash.
        const std::vector<index::Prepared> batch = index_add::prepare_documents(articles(body), parameters, options.check.params.outlet_roles);
        index::StoreCounts stored;
        {
            const std::lock_guard lock(writer_mutex);
            stored = writer->store(batch, on_duplicate == "replace" ? index::OnDuplicate::replace
                                                                    : index::OnDuplicate::skip);
            // The added stories' outlets learn their furniture again, as `index add` does; the
            // readers open again to see it and the new story count (check's boilerplate cap).
            std::vector<std::string> outlets;
            for (const index::Prepared& item : batch) outlets.push_back(item.doc.outlet);
            Params params;
            parameters.apply_to(params);
            if (stored.added + stored.replaced > 0) {
                index_add::learn_furniture(*writer, std::move(outlets), params);
                readers.renew();
            }
        }
        added += stored.added + stored.replaced;
        std::string out;
        report::JsonWriter w(out);
        w.begin_object().key("added").value(stored.added).key("replaced").value(stored.replaced);
        w.key("duplicates").value(stored.duplicates).end_object();
        out += '\n';
        res.set_content(out, kJson);
    }

    void stats(httplib::Response& res) {
        const auto idx = readers.take();
        std::ostringstream out;
        report::write_index_stats_json(out, idx->summary());
        res.set_content(out.str(), kJson);
    }

    void health(httplib::Response& res) const {
        std::string out;
        report::JsonWriter w(out);
        w.begin_object().key("status").value("ok").key("index").value(options.db);
        w.key("writable").value(writer.has_value()).key("requests").value(requests.load());
        w.key("checked").value(checked.load()).key("added").value(added.load()).end_object();
        out += '\n';
        res.set_content(out, kJson);
    }

    using Route = std::function<void(const httplib::Request&, std::string_view body, httplib::Response&)>;

    /// Runs a route's handler on the request's body; its failures become JSON errors. The body is
    /// read here, not by httplib, whatever the Content-Type says (httplib would parse a form
    /// body, curl's default type, into parameters under a limit of its own).
    httplib::Server::HandlerWithContentReader guarded(Route fn) const {
        return [this, fn = std::move(fn)](const httplib::Request& req, httplib::Response& res,
                                          const httplib::ContentReader& content) {
            try {
                std::string body;
                bool too_big = false;
                if (req.method == "POST") {
                    if (req.is_multipart_form_data()) {
                        res.set_header("Connection", "close");  // the body is not read
                        throw HttpError{415, "send JSON, not a multipart form"};
                    }
                    const bool read = content([&](const char* data, std::size_t n) {
                        too_big = body.size() + n > options.max_body_bytes;
                        if (!too_big) body.append(data, n);
                        return !too_big;
                    });
                    // httplib refuses a declared Content-Length over the limit itself (413).
                    if (too_big || res.status == 413) {
                        throw HttpError{413, fmt::format("the request body is over the limit of {} bytes",
                                                         options.max_body_bytes)};
                    }
                    if (!read) throw HttpError{400, "the request body could not be read"};
                }
                // After the body is read, so that a refused request leaves the connection usable.
                if (!authorized(req, res)) return;
                if (req.path == "/health") {  // answers at once, whatever the load
                    fn(req, body, res);
                    return;
                }
                const Slot slot(*this);
                fn(req, body, res);
            } catch (const HttpError& e) {
                res.status = e.status;
                res.set_content(error_json(e.status, e.message), kJson);
            } catch (const Error& e) {
                res.status = status_of(e);
                res.set_content(error_json(res.status, e.what()), kJson);
            } catch (const std::bad_alloc&) {
                res.status = 500;
                res.set_content(error_json(500, "out of memory"), kJson);
            }
        };
    }

    /// The same for a route without a body.
    httplib::Server::Handler guarded_get(Route fn) const {
        return [handler = guarded(std::move(fn))](const httplib::Request& req, httplib::Response& res) {
            handler(req, res, httplib::ContentReader({}, {}));
        };
    }

    /// 401 without a token, 403 with a wrong one; adds need a token even when reads do not.
    bool authorized(const httplib::Request& req, httplib::Response& res) const {
        if (req.path == "/health") return true;
        const bool writes = req.path == "/index";
        const auto refuse = [&](int status, std::string_view message) {
            res.status = status;
            if (status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"wiretrace\"");
            res.set_content(error_json(status, message), kJson);
            return false;
        };
        if (options.token.empty()) {
            if (!writes) return true;
            return refuse(403, "this server takes no adds: start it with --token or --token-file");
        }
        const std::string header = req.get_header_value("Authorization");
        constexpr std::string_view kBearer = "Bearer ";
        if (header.empty()) return refuse(401, "send the token as 'Authorization: Bearer <token>'");
        if (!header.starts_with(kBearer) || !same_secret(std::string_view(header).substr(kBearer.size()), options.token)) {
            return refuse(403, "wrong token");
        }
        return true;
    }

    void routes() {
        using Req = const httplib::Request&;
        using Res = httplib::Response&;
        using Body = std::string_view;
        http.Post("/check", guarded([this](Req req, Body body, Res res) { check(req, body, res); }));
        http.Post("/compare", guarded([this](Req req, Body body, Res res) { compare(req, body, res); }));
        http.Post("/index", guarded([this](Req req, Body body, Res res) { add(req, body, res); }));
        http.Get("/pair", guarded_get([this](Req req, Body, Res res) { pair(req, {}, res); }));
        http.Post("/pair", guarded([this](Req req, Body body, Res res) { pair(req, body, res); }));
        http.Get("/stats", guarded_get([this](Req, Body, Res res) { stats(res); }));
        http.Get("/health", guarded_get([this](Req, Body, Res res) { health(res); }));
        // A known route asked with another method: 405 and the methods it takes.
        for (const RouteMethods& route : kRoutes) {
            const std::string allow = route.methods;
            const auto not_allowed = [allow](Req req, Res res) {
                res.status = 405;
                res.set_header("Allow", allow);
                res.set_content(error_json(405, fmt::format("{} takes {}, not {}", req.path, allow, req.method)), kJson);
            };
            if (allow.find("GET") == std::string::npos) http.Get(route.path, not_allowed);
            if (allow.find("POST") == std::string::npos) http.Post(route.path, not_allowed);
            http.Put(route.path, not_allowed);
            http.Delete(route.path, not_allowed);
            http.Patch(route.path, not_allowed);
        }
        // What httplib answers itself (404 unknown route, 413 too big, 400 unparsable request)
        // gets a JSON body too.
        http.set_error_handler([](Req req, Res res) {
            if (!res.body.empty()) return;
            const std::string message = res.status == 404   ? fmt::format("no route {} {}", req.method, req.path)
                                        : res.status == 413 ? std::string("the request body is over the limit")
                                                            : std::string(status_name(res.status));
            res.set_content(error_json(res.status, message), kJson);
        });
        http.set_exception_handler([](Req, Res res, std::exception_ptr ep) {
            std::string message = "internal error";
            try {
                if (ep) std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                message = e.what();
            } catch (...) {
            }
            res.status = 500;
            res.set_content(error_json(500, message), kJson);
        });
        http.set_logger([this](Req, const httplib::Response& res) {
            ++requests;
            if (res.status >= 500) {
                ++server_errors;
            } else if (res.status >= 400) {
                ++client_errors;
            }
        });
        http.set_payload_max_length(options.max_body_bytes);
        http.set_read_timeout(options.timeout_seconds, 0);
        http.set_write_timeout(options.timeout_seconds, 0);
        http.set_keep_alive_timeout(options.keep_alive_seconds);
        http.set_keep_alive_max_count(1000);
        http.set_tcp_nodelay(true);
        http.new_task_queue = [this] { return new BoundedPool(options.threads, options.queue); };
    }
};

Server::Server(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Server::~Server() = default;

int Server::bind() {
    Impl& s = *impl_;
    int port = s.options.port;
    bool ok = false;
    if (port == 0) {
        port = s.http.bind_to_any_port(s.options.host);
        ok = port > 0;
    } else {
        ok = s.http.bind_to_port(s.options.host, port);
    }
    if (!ok) {
        throw Error(Errc::io, "", fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                              s.options.host, s.options.port));
    }
    s.bound = true;
    return port;
}

void Server::run() {
    Impl& s = *impl_;
    if (!s.bound) throw Error(Errc::bad_argument, "", "Server::run before bind");
    std::atomic<bool> done{false};
    // stop() may come before httplib is listening: the watcher repeats httplib's stop until
    // the listening loop has ended.
    std::thread watcher([&] {
        std::unique_lock lock(s.stop_mutex);
        s.stop_cv.wait(lock, [&] { return s.stop_requested || done.load(); });
        lock.unlock();
        while (!done) {
            s.http.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    s.http.listen_after_bind();
    {
        const std::lock_guard lock(s.stop_mutex);
        done = true;
    }
    s.stop_cv.notify_all();
    watcher.join();
}

void Server::stop() {
    Impl& s = *impl_;
    {
        const std::lock_guard lock(s.stop_mutex);
        s.stop_requested = true;
    }
    s.stop_cv.notify_all();
}

Counters Server::counters() const {
    const Impl& s = *impl_;
    return {s.requests.load(), s.client_errors.load(), s.server_errors.load(), s.checked.load(), s.added.load()};
}

}  // namespace wiretrace::serve
