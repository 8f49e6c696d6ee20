#include "server/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>

#include <cassert>
#include <charconv>
#include <chrono>
#include <cmath>
#include <future>
#include <regex>
#include <thread>

#include "base/util.h"
#include "federation/codec.h"
#include "server/api_shapes.h"

namespace collegium::server {

// The longest request path the dispatcher matches against the routes.
constexpr size_t kMaxPathBytes = 1024;

namespace {

constexpr std::string_view kCookie = "collegium_session";

// Who a session belongs to, for the session routes: a member's name; for a member who was
// removed (A12), their name and `removed`, so that the web app can tell them what was
// decided and where to appeal rather than that no such member exists.
void describe_member(const federation::RegistryView& r, const std::string& who, Json& out) {
  if (auto m = r.member(who)) {
    out["name"] = m->name;
  } else if (auto f = r.former_member(who)) {
    out["name"] = f->member.name;
    out["removed"] = true;
  }
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return {};
}

// One line of the access log. Every field a client chose is escaped, so that a request
// cannot write a line of its own or forge one.
void log_request(std::string_view method, std::string_view path, int status) {
  fmt::print(stderr, "{} {} {} {}\n", now_utc_iso(), log_escape(method), log_escape(path), status);
}

// The pool cpp-httplib would hand each accepted connection to; the intake takes them at
// once instead (Server::HttpServer below), so there is nothing to queue.
struct AtOnce : httplib::TaskQueue {
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

void send(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  for (const auto& [k, v] : r.headers) res.set_header(k, v);
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (!r.text.empty()) {
    res.set_content(r.text, r.content_type);
  } else if (r.status != 204) {
    res.set_content(dump_json(r.body), r.content_type);
  }
}

}  // namespace

// cpp-httplib's server, except that accepted connections go to the intake, which hands
// back whole requests one at a time (serve_one).
class Server::HttpServer : public httplib::Server {
 public:
  std::function<void(int fd)> on_accept;

  bool serve_one(httplib::Stream& stream, bool last) {
    bool closed = false;
    bool ok = process_request(stream, last, closed, nullptr);
    return ok && !closed;
  }

 protected:
  bool process_and_close_socket(socket_t sock) override {
    on_accept(sock);
    return true;
  }
};

Server::Server(ServerOptions options) : options_(std::move(options)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::open(const ServerOptions& options) {
  std::unique_ptr<Server> s(new Server(options));
  federation::Federation::Options fo;
  fo.private_migrations = Accounts::migrations();
  fo.clock = options.clock;
  s->federation_ = TRY(federation::Federation::open(options.data_dir, fo));
  s->accounts_ = std::make_unique<Accounts>(s->federation_->store().db(), options.hash_cost);
  s->logins_ = std::make_unique<LoginThrottle>(options.login_limits);
  // Without it (a database with no file) sessions are looked up under the database lock.
  s->accounts_->open_reader().ignore_error();
  s->head_seq_ = s->federation_->store().head_seq();
  s->add_routes();
  s->add_governance_routes();
  s->add_economy_routes();
  s->add_round_routes();
  s->add_execution_routes();
  s->add_home_routes();
  s->add_deliberation_routes();
  s->install_handlers();
  return s;
}

void Server::notify_appended() {
  {
    std::lock_guard lock(events_mutex_);
    head_seq_ = federation_->store().head_seq();
  }
  events_cv_.notify_all();
}

bool Server::allow_request(const std::string& address) {
  if (options_.requests_per_second <= 0) return true;
  std::lock_guard lock(limiter_mutex_);
  double now = now_seconds();
  auto [it, fresh] = buckets_.try_emplace(address, Bucket{options_.burst, now});
  Bucket& b = it->second;
  b.tokens = std::min(options_.burst, b.tokens + (now - b.last) * options_.requests_per_second);
  b.last = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  if (buckets_.size() > 100000) buckets_.clear();  // bounded memory under address churn
  return true;
}

void Server::install_handlers() {
  http_ = std::make_unique<HttpServer>();
  auto& svr = *http_;
  svr.new_task_queue = [] { return new AtOnce; };
  svr.on_accept = [this](int fd) { intake_->add(fd); };
  svr.set_payload_max_length(options_.max_body_bytes);
  // Only for the Keep-Alive header cpp-httplib writes: the intake enforces both.
  svr.set_keep_alive_max_count(1000);
  svr.set_keep_alive_timeout(static_cast<time_t>(std::ceil(options_.idle_seconds)));
  // Replies go out as headers then body; without this, Nagle and delayed ACKs add 40 ms.
  svr.set_tcp_nodelay(true);
  // This replaces cpp-httplib's own options for the listening socket (SO_REUSEPORT, kept)
  // and remembers the socket, so that run() can lengthen its accept queue.
  svr.set_socket_options([this](int fd) {
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    listen_fd_ = fd;
  });

  // Session routes, verification, events and the OpenAPI document need the server itself.
  routes_.push_back(
      {"POST",
       "/api/session",
       "Log in: sets the session cookie, returns the CSRF token",
       Access::kPublic,
       false,
       {},
       [this](Context& c) -> Reply {
         auto subject = c.body.find("member");
         auto password = c.body.find("password");
         if (subject == c.body.end() || !subject->is_string()) {
           return problem(400, "invalid_argument", "give your member id (or \"operator\")",
                          "member");
         }
         if (password == c.body.end() || !password->is_string()) {
           return problem(400, "invalid_argument", "give your password", "password");
         }
         std::string who = subject->get<std::string>();
         const std::string& address = c.request.remote_addr;
         if (int64_t wait = logins_->begin(who, address, now_seconds()); wait > 0) {
           Reply r = problem(
               429, "too_many_logins",
               fmt::format("too many failed logins for this account or from this address; try "
                           "again in {} seconds",
                           wait));
           r.headers.push_back({"Retry-After", std::to_string(wait)});
           return r;
         }
         // This route takes the database lock itself, and not while the password is hashed:
         // Argon2id is slow on purpose, and every other request would wait for it.
         std::string hash;
         {
           std::lock_guard lock(db_mutex_);
           hash = accounts_->password_hash(who);
         }
         if (!accounts_->verify_password(hash, password->get<std::string>())) {
           return problem(401, "wrong_credentials", "the member id or the password is wrong");
         }
         logins_->succeeded(who, address);
         std::lock_guard lock(db_mutex_);
         auto issued = accounts_->create_session(who, "web", options_.session_seconds);
         if (!issued.ok()) return problem(issued.status());
         Reply r{200,
                 {{"member", who},
                  {"csrf_token", issued->session.csrf},
                  {"expires", issued->session.expires},
                  {"operator", who == kOperatorId}}};
         describe_member(federation_->registry(), who, r.body);
         r.headers.push_back(
             {"Set-Cookie",
              fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}; Max-Age={}", kCookie,
                          issued->token, options_.secure_cookies ? "; Secure" : "",
                          options_.session_seconds)});
         return r;
       },
       Lock::kOwn});
  routes_.push_back({"GET",
                     "/api/session",
                     "Who is logged in",
                     Access::kMember,
                     false,
                     {},
                     [this](Context& c) -> Reply {
                       Json j = {{"member", c.session->subject},
                                 {"kind", c.session->kind},
                                 {"expires", c.session->expires},
                                 {"operator", c.is_operator()}};
                       if (c.session->kind == "web") j["csrf_token"] = c.session->csrf;
                       describe_member(federation_->registry(), c.session->subject, j);
                       return Reply{200, j};
                     }});
  routes_.push_back(
      {"DELETE", "/api/session", "Log out", Access::kMember, true, {}, [this](Context& c) -> Reply {
         Status st = accounts_->delete_session(c.token);
         if (!st.ok()) return problem(st);
         Reply r{204, {}};
         r.headers.push_back(
             {"Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict{}; Max-Age=0",
                                        kCookie, options_.secure_cookies ? "; Secure" : "")});
         return r;
       }});
  routes_.push_back(
      {"POST",
       "/api/tokens",
       "A bearer token for the command line and scripts",
       Access::kMember,
       true,
       {},
       [this](Context& c) -> Reply {
         auto issued = accounts_->create_session(c.session->subject, "bearer", 30 * 24 * 3600);
         if (!issued.ok()) return problem(issued.status());
         return Reply{200, {{"token", issued->token}, {"expires", issued->session.expires}}};
       }});
  routes_.push_back(
      {"GET",
       "/api/record/verification",
       "Verify the whole public record now (hash chain, events, signatures)",
       Access::kPublic,
       false,
       {},
       [this](Context&) -> Reply {
         // Its own connection: verification reads the whole record and must not hold the lock
         // that writers need.
         store::StoreOptions so;
         so.create = false;
         auto st = store::Store::open(options_.data_dir, so);
         if (!st.ok()) return problem(st.status());
         record::VerifyOptions vo;
         vo.trusted_keys.push_back((*st)->genesis_key());
         auto start = std::chrono::steady_clock::now();
         auto report = (*st)->verify(vo);
         double secs =
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
         if (!report.ok()) {
           return Reply{200,
                        {{"valid", false},
                         {"where", report.status().where()},
                         {"reason", report.status().message()}}};
         }
         Json keys = Json::array();
         for (const auto& k : report->keys) keys.push_back(to_hex(k));
         return Reply{200,
                      {{"valid", true},
                       {"events", report->events},
                       {"checkpoints", report->checkpoints},
                       {"last_checkpoint_seq", report->last_checkpoint_seq},
                       {"head", to_hex(report->head)},
                       {"keys", keys},
                       {"seconds", fmt::format("{:.3f}", secs)}}};
       },
       Lock::kOwn});
  routes_.push_back({"GET",
                     "/api/openapi.json",
                     "This document",
                     Access::kPublic,
                     false,
                     {},
                     [this](Context&) -> Reply {
                       Reply r;
                       r.body = openapi_document(routes_, COLLEGIUM_VERSION);
                       return r;
                     }});
  // Listed for the OpenAPI document; served by the streaming handler below.
  routes_.push_back({"GET",
                     "/api/events",
                     "Server-sent events: each new event of the public record as it is appended",
                     Access::kPublic,
                     false,
                     {"after"},
                     nullptr});

  // What these routes answer and take (api_shapes.h), for the OpenAPI document.
  document(routes_, "POST /api/session", shape_of<api::SessionInfo>("SessionInfo"),
           shape_of<api::Login>("Login"));
  document(routes_, "GET /api/session", shape_of<api::SessionInfo>("SessionInfo"));
  document(routes_, "DELETE /api/session", Shape{.status = 204});
  document(routes_, "POST /api/tokens", shape_of<api::Token>("Token"));
  document(routes_, "GET /api/record/verification",
           Shape{"Verification", api::verification_schema()});
  document(routes_, "GET /api/openapi.json",
           Shape{"",
                 {{"type", "object"},
                  {"additionalProperties", true},
                  {"description", "an OpenAPI 3 document: free-form by nature"}}});
  document(routes_, "GET /api/events",
           Shape{"",
                 {{"type", "string"}, {"description", "server-sent events"}},
                 200,
                 "text/event-stream"});

  std::vector<std::pair<std::regex, size_t>> compiled;
  for (size_t i = 0; i < routes_.size(); ++i)
    compiled.push_back({std::regex(route_regex(routes_[i].path)), i});

  auto dispatch = [this, compiled](const httplib::Request& req, httplib::Response& res) {
    // No route's path is this long, and std::regex matches recursively, a frame per
    // character: a longer path is refused before it is matched.
    if (req.path.size() > kMaxPathBytes) {
      return send(res, problem(414, "uri_too_long",
                               fmt::format("a path is at most {} bytes", kMaxPathBytes)));
    }
    const Route* route = nullptr;
    std::smatch m;
    bool path_known = false;
    std::string allowed;
    for (const auto& [re, i] : compiled) {
      if (!std::regex_match(req.path, m, re)) continue;
      path_known = true;
      allowed += (allowed.empty() ? "" : ", ") + routes_[i].method;
      if (routes_[i].method == req.method) {
        route = &routes_[i];
        break;
      }
    }
    if (!route) {
      Reply r = path_known ? problem(405, "method_not_allowed",
                                     fmt::format("{} is not allowed here", req.method))
                           : problem(404, "not_found", fmt::format("no route {}", req.path));
      if (path_known) r.headers.push_back({"Allow", allowed});
      return send(res, r);
    }
    Context c{req, {}, std::nullopt, {}, Json::object()};
    for (size_t i = 1; i < m.size(); ++i) c.params.push_back(m[i].str());

    // Routes that take the lock themselves say so (Lock::kOwn, http.h).
    std::unique_lock lock(db_mutex_, std::defer_lock);
    if (route->lock == Lock::kDispatcher) lock.lock();
    // Who is asking: a bearer token, else the session cookie.
    std::string auth = req.get_header_value("Authorization");
    bool bearer = auth.rfind("Bearer ", 0) == 0;
    c.token = bearer ? auth.substr(7) : cookie_value(req, kCookie);
    if (!c.token.empty()) {
      c.session = accounts_->cached_session(c.token);
      if (!c.session) {
        // The read connection does not wait for a commit in progress; the main one would.
        auto apart = accounts_->read_session(c.token);
        if (apart.ok()) {
          c.session = std::move(*apart);
        } else {
          std::unique_lock db(db_mutex_, std::defer_lock);
          if (!lock.owns_lock()) db.lock();
          c.session = accounts_->find_session(c.token);
        }
      }
      if (c.session && (c.session->kind == "bearer") != bearer) c.session.reset();
    }
    if (route->access != Access::kPublic && !c.session) {
      return send(res,
                  problem(401, "unauthenticated",
                          c.token.empty() ? "log in first"
                                          : "the session has expired or is unknown; log in again"));
    }
    if (route->access == Access::kOperator && !c.is_operator()) {
      return send(res, problem(403, "forbidden", "only the operator may do this"));
    }
    if (route->writes && c.session && c.session->kind == "web") {
      std::string csrf = req.get_header_value("X-CSRF-Token");
      if (csrf.empty())
        return send(res, problem(403, "csrf_token_missing", "send the X-CSRF-Token header",
                                 "X-CSRF-Token"));
      if (csrf != c.session->csrf)
        return send(res,
                    problem(403, "csrf_token_mismatch",
                            "the X-CSRF-Token header does not match the session", "X-CSRF-Token"));
    }
    // A route documented to take another type (a CSV upload) gets the body as it came,
    // checked only for its type and for UTF-8; the handler reads it.
    const std::string body_type =
        route->request ? route->request->content_type : std::string("application/json");
    if (req.method == "POST" && !req.body.empty() && body_type != "application/json") {
      if (req.get_header_value("Content-Type").rfind(body_type, 0) != 0) {
        return send(res,
                    problem(415, "unsupported_media_type", "send " + body_type, "Content-Type"));
      }
      if (size_t at = invalid_utf8_at(req.body); at != std::string_view::npos) {
        return send(res, problem(400, "invalid_utf8",
                                 fmt::format("the body is not valid UTF-8 (byte {})", at), "body"));
      }
    } else if (req.method == "POST" && !req.body.empty()) {
      std::string type = req.get_header_value("Content-Type");
      if (type.rfind("application/json", 0) != 0) {
        return send(
            res, problem(415, "unsupported_media_type", "send application/json", "Content-Type"));
      }
      // JSON is UTF-8 (RFC 8259), and the parser's message would quote the bad bytes.
      if (size_t at = invalid_utf8_at(req.body); at != std::string_view::npos) {
        return send(res, problem(400, "invalid_utf8",
                                 fmt::format("the body is not valid UTF-8 (byte {})", at), "body"));
      }
      auto body = parse_json(req.body, "body");
      if (!body.ok())
        return send(res,
                    problem(400, "malformed_json", body.status().message(), body.status().where()));
      if (!body->is_object())
        return send(res, problem(400, "malformed_json", "the body must be a JSON object", "body"));
      c.body = std::move(*body);
    }
    send(res, route->handler(c));
  };

  // Every method reaches the router, so that a known path with the wrong method gets 405,
  // except a GET of a streamed route (one without a handler), which its own handler serves.
  std::string streamed;
  for (const auto& r : routes_) {
    if (r.handler) continue;
    assert(r.method == "GET" && r.path.find('{') == std::string::npos);
    streamed += (streamed.empty() ? "" : "|") + r.path.substr(std::string_view("/api/").size());
  }
  svr.Get(streamed.empty() ? "/api/.*" : fmt::format("/api/(?!({})$).*", streamed), dispatch);
  svr.Post("/api/.*", dispatch);
  svr.Delete("/api/.*", dispatch);
  svr.Put("/api/.*", dispatch);
  svr.Patch("/api/.*", dispatch);
  svr.Options("/api/.*", dispatch);

  svr.Get("/api/events", [this](const httplib::Request& req, httplib::Response& res) {
    uint64_t after = head_seq_;
    std::string from = req.has_param("after") ? req.get_param_value("after")
                                              : req.get_header_value("Last-Event-ID");
    if (!from.empty()) {
      uint64_t v = 0;
      auto [p, ec] = std::from_chars(from.data(), from.data() + from.size(), v);
      if (ec != std::errc() || p != from.data() + from.size()) {
        return send(res, problem(400, "invalid_argument", "must be a seq", "after"));
      }
      after = v;
    }
    if (streams_.fetch_add(1) >= options_.max_event_streams) {
      streams_--;
      return send(res, problem(503, "unavailable", "too many event streams; try again later"));
    }
    res.set_header("Cache-Control", "no-store");
    auto last = std::make_shared<uint64_t>(after);
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, last](size_t, httplib::DataSink& sink) {
          {
            std::unique_lock lock(events_mutex_);
            events_cv_.wait_for(lock, std::chrono::seconds(15),
                                [&] { return stopping_.load() || head_seq_.load() > *last; });
          }
          if (stopping_) return false;
          std::string out;
          if (head_seq_.load() <= *last) {
            out = ": keep-alive\n\n";
          } else {
            std::lock_guard db_lock(db_mutex_);
            int n = 0;
            auto st = federation_->store().for_each_event(
                *last + 1, [&](uint64_t seq, std::string_view bytes, const Digest&) -> Status {
                  if (n++ >= 500) return Status(Code::kUnavailable, "batch full");
                  out += fmt::format("id: {}\nevent: record\ndata: {}\n\n", seq, bytes);
                  *last = seq;
                  return {};
                });
            (void)st;
          }
          return sink.write(out.data(), out.size());
        },
        [this](bool) { streams_--; });
  });

  if (!options_.web_root.empty() && std::filesystem::exists(options_.web_root)) {
    svr.set_mount_point("/", options_.web_root.string());
    // The web app routes in the browser: any other GET outside /api gets index.html.
    auto index = options_.web_root / "index.html";
    svr.Get("/(?!api/).*", [index](const httplib::Request&, httplib::Response& res) {
      auto html = read_file(index);
      if (!html.ok()) return send(res, problem(404, "not_found", "the web app is not built"));
      res.set_content(*html, "text/html; charset=utf-8");
    });
  }

  svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!allow_request(req.remote_addr)) {
      Reply r = problem(429, "rate_limited", "too many requests; slow down");
      r.headers.push_back({"Retry-After", "1"});
      send(res, r);
      return httplib::Server::HandlerResponse::Handled;
    }
    // Every route, the web app's included, reads the path and the query as text: bytes
    // that are not UTF-8 (percent-encoded or raw) are refused here, once, for all of them.
    auto refuse = [&](const std::string& what, size_t at, std::string field) {
      send(res,
           problem(400, "invalid_utf8",
                   fmt::format("the {} is not valid UTF-8 (byte {})", what, at), std::move(field)));
      return httplib::Server::HandlerResponse::Handled;
    };
    if (size_t at = invalid_utf8_at(req.path); at != std::string_view::npos)
      return refuse("path", at, "path");
    for (const auto& [name, value] : req.params) {
      if (size_t at = invalid_utf8_at(name); at != std::string_view::npos) {
        return refuse("name of a query parameter", at, "query");
      }
      if (size_t at = invalid_utf8_at(value); at != std::string_view::npos) {
        return refuse("query parameter " + name, at, name);
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      return send(res, problem(413, "payload_too_large", "the request body is too large"));
    }
    if (res.status == 404)
      return send(res, problem(404, "not_found", fmt::format("no route {}", req.path)));
    if (res.status == 414)
      return send(res, problem(414, "uri_too_long", "the request line is too long"));
    send(res, problem(res.status, "bad_request", "the request could not be read"));
  });
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, problem(500, "internal", "the server could not complete the request"));
      });
  if (!options_.quiet) {
    // Method, path, status and time only: never bodies, cookies or tokens.
    svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      log_request(req.method, req.path, res.status);
    });
  }
}

Status Server::run(const std::function<void(int)>& on_ready) {
  // SIGTERM and SIGINT go to a dedicated thread, which stops the server; the worker
  // threads created below inherit the blocked mask.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int port = options_.port;
  if (port == 0) {
    port = http_->bind_to_any_port(options_.host);
  } else if (!http_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port < 0) {
    return Status(Code::kUnavailable,
                  fmt::format("cannot listen on {}:{} (is another server running?)", options_.host,
                              options_.port));
  }
  // cpp-httplib listens with a queue of 5 connections: a burst of clients beyond that
  // (an election opening, a page loaded by many at once) has its handshakes dropped and
  // retried by TCP a second or more later. Listening again only changes the queue's length.
  int listening = 0;
  socklen_t len = sizeof listening;
  if (listen_fd_ >= 0 &&
      ::getsockopt(listen_fd_, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening) {
    ::listen(listen_fd_, SOMAXCONN);
  }
  std::thread signals([this, set] {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig == SIGTERM || sig == SIGINT) stop();
  });
  // The clock: closes what is due and calls the elections that are due (Advance).
  std::thread clock;
  if (options_.tick_seconds > 0) clock = std::thread([this] { run_clock(); });
  // The planning rounds' computations: minutes on a large economy, so never on the clock's
  // thread, which must keep closing polls on time.
  std::thread computer;
  if (options_.tick_seconds > 0) computer = std::thread([this] { run_computer(); });
  std::thread committer([this] { run_committer(); });
  IntakeOptions io;
  io.max_body_bytes = options_.max_body_bytes;
  io.request_seconds = options_.request_seconds;
  io.idle_seconds = options_.idle_seconds;
  io.max_connections = options_.max_connections;
  // Never fewer than the event streams allowed, with room beside them for requests.
  io.workers =
      static_cast<size_t>(std::max(options_.http_threads, options_.max_event_streams + 16));
  intake_ = std::make_unique<Intake>(
      io, [this](httplib::Stream& s, bool last) { return http_->serve_one(s, last); },
      [this](std::string_view method, std::string_view path, int status) {
        if (!options_.quiet) log_request(method, path, status);
      });
  if (on_ready) on_ready(port);
  bool ok = http_->listen_after_bind();
  stop();
  // Requests still arriving are dropped (none was acknowledged); those being answered
  // finish before the committer goes.
  intake_->stop();
  if (clock.joinable()) clock.join();
  if (computer.joinable()) computer.join();
  // Requests in flight have finished (listen returns after its workers): the queue is
  // empty, and the committer can go.
  {
    std::lock_guard lock(commit_mutex_);
    committer_stopping_ = true;
  }
  commit_cv_.notify_all();
  committer.join();
  // Wake the signal thread if it is still waiting.
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  return ok ? Status() : io_error("the server stopped on an error");
}

void Server::stop() {
  if (stopping_.exchange(true)) return;
  events_cv_.notify_all();
  http_->stop();
}

struct Server::Pending {
  federation::Federation::Submitted submitted;
  std::promise<Committed> result;  // wakes only the request that waits for it
};

Json Server::Committed::reply() const {
  Json seqs = Json::array();
  for (uint64_t q = first_seq; q <= last_seq; ++q) seqs.push_back(q);
  return {
      {"events", seqs}, {"created", created}, {"head", {{"seq", head_seq}, {"hash", head_hash}}}};
}

Server::Committed Server::submit(federation::Command command, std::string actor) {
  Pending p;
  p.submitted.command = std::move(command);
  p.submitted.actor = std::move(actor);
  auto done = p.result.get_future();
  {
    std::lock_guard lock(commit_mutex_);
    if (committer_stopping_) return {Status(Code::kUnavailable, "the server is stopping")};
    commits_.push_back(&p);
  }
  commit_cv_.notify_one();  // only the committer waits on it
  return done.get();
}

void Server::run_committer() {
  // At most this many commands per transaction, so that one batch never holds the
  // database for long.
  constexpr size_t kMaxBatch = 2000;
  std::unique_lock lock(commit_mutex_);
  while (true) {
    commit_cv_.wait(lock, [this] { return !commits_.empty() || committer_stopping_; });
    if (commits_.empty()) return;  // stopping, and nothing waits
    size_t n = std::min(commits_.size(), kMaxBatch);
    std::vector<Pending*> batch(commits_.begin(), commits_.begin() + static_cast<long>(n));
    commits_.erase(commits_.begin(), commits_.begin() + static_cast<long>(n));
    lock.unlock();
    std::vector<federation::Federation::Submitted> work;
    work.reserve(batch.size());
    for (auto* p : batch) work.push_back(std::move(p->submitted));
    uint64_t head = 0;
    std::string hash;
    {
      std::lock_guard db(db_mutex_);
      (void)federation_->execute_each(work);  // each command's status is in `work`
      head = federation_->store().head_seq();
      hash = to_hex(federation_->store().head_hash());
    }
    bool wrote = false;
    for (size_t i = 0; i < batch.size(); ++i) {
      wrote = wrote || (work[i].status.ok() && work[i].last_seq >= work[i].first_seq);
      batch[i]->result.set_value({work[i].status, work[i].first_seq, work[i].last_seq, head, hash,
                                  std::move(work[i].created)});
    }
    if (wrote) notify_appended();
    lock.lock();
  }
}

Status Server::tick() {
  std::lock_guard lock(db_mutex_);
  uint64_t before = federation_->store().head_seq();
  Status s = federation_->execute(federation::Advance{}, federation::kClock);
  if (s.ok() && options_.after_tick) s = options_.after_tick(*federation_);
  if (federation_->store().head_seq() != before) notify_appended();
  return s;
}

Status Server::compute_rounds() {
  auto recorded = rounds_.run(*federation_, db_mutex_);
  if (!recorded.ok()) return recorded.status();
  if (*recorded > 0) notify_appended();
  return {};
}

void Server::run_computer() {
  auto period = std::chrono::milliseconds(static_cast<int64_t>(options_.tick_seconds * 1000));
  std::unique_lock lock(events_mutex_);
  Status last;
  while (!stopping_) {
    lock.unlock();
    Status s = compute_rounds();
    // Reported once, not at every tick: the round's page shows it until it succeeds.
    if (!s.ok() && s.to_string() != last.to_string())
      fmt::print(stderr, "collegium: computing a planning round failed: {}\n", s.to_string());
    last = s;
    lock.lock();
    events_cv_.wait_for(lock, period, [this] { return stopping_.load(); });
  }
}

void Server::run_clock() {
  auto period = std::chrono::milliseconds(static_cast<int64_t>(options_.tick_seconds * 1000));
  std::unique_lock lock(events_mutex_);
  while (!stopping_) {
    lock.unlock();
    Status s = tick();
    // A failed step is reported and tried again at the next tick; it changed nothing.
    if (!s.ok()) fmt::print(stderr, "collegium: the clock's step failed: {}\n", s.to_string());
    lock.lock();
    events_cv_.wait_for(lock, period, [this] { return stopping_.load(); });
  }
}

}  // namespace collegium::server
