#include "net/router.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "net/http_server.h"
#include "net/test_peer.h"

namespace probex::net {
namespace {

using testing::TestPeer;

void Noop(HttpRequest&, Responder respond) { respond(HttpResponse::Empty(204)); }

TEST(RouterTest, LiteralSegmentBeatsParameterWhateverTheOrder) {
  Router router;
  router.Get("/api/v1/markets/:id", Noop);
  router.Get("/api/v1/markets/active", Noop);
  Router::Match m = router.Find("GET", SplitPath("/api/v1/markets/active"));
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.route->path_template, "/api/v1/markets/active");
  EXPECT_TRUE(m.params.empty());

  m = router.Find("GET", SplitPath("/api/v1/markets/m-42"));
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.route->path_template, "/api/v1/markets/:id");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "m-42");
}

TEST(RouterTest, SeveralParametersAndExactSegmentCount) {
  Router router;
  router.Get("/a/:x/b/:y", Noop);
  Router::Match m = router.Find("GET", SplitPath("/a/1/b/2"));
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[1].second, "2");
  EXPECT_EQ(router.Find("GET", SplitPath("/a/1/b")).kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", SplitPath("/a/1/b/2/c")).kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", SplitPath("/a/1/c/2")).kind, Router::Match::Kind::kNotFound);
  // An empty segment never binds a parameter.
  EXPECT_EQ(router.Find("GET", SplitPath("/a//b/2")).kind, Router::Match::Kind::kNotFound);
}

TEST(RouterTest, WrongMethodListsAllowedMethodsSorted) {
  Router router;
  router.Post("/orders/:id", Noop);
  router.Get("/orders/:id", Noop);
  router.Delete("/orders/:id", Noop);
  Router::Match m = router.Find("PUT", SplitPath("/orders/7"));
  EXPECT_EQ(m.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "DELETE, GET, HEAD, OPTIONS, POST");
}

TEST(RouterTest, RootPath) {
  Router router;
  router.Get("/", Noop);
  EXPECT_EQ(router.Find("GET", SplitPath("/")).kind, Router::Match::Kind::kFound);
  EXPECT_EQ(router.Find("GET", SplitPath("/x")).kind, Router::Match::Kind::kNotFound);
}

class RouterServerTest : public ::testing::Test {
 protected:
  void StartWith(Router router) {
    HttpServerOptions options;
    options.access_log = false;
    server_ = std::make_unique<HttpServer>(options, std::move(router));
    ASSERT_TRUE(server_->Start().ok());
  }
  std::unique_ptr<HttpServer> server_;
};

TEST_F(RouterServerTest, PathParamsAndQueryAreDecoded) {
  Router router;
  router.Get("/api/v1/markets/:id", [](HttpRequest& req, Responder respond) {
    boost::json::object out;
    out["id"] = *req.PathParam("id");
    out["route"] = req.route();
    out["q"] = req.Query("q").value_or("<none>");
    boost::json::array tags;
    for (auto t : req.QueryAll("tag")) tags.emplace_back(t);
    out["tags"] = tags;
    out["flag"] = req.Query("flag").has_value();
    out["missing"] = req.Query("missing").has_value();
    out["header"] = req.Header("x-CUSTOM").value_or("");
    respond(HttpResponse::Json(200, boost::json::serialize(out)));
  });
  StartWith(std::move(router));
  TestPeer peer(server_->port());
  auto res = peer.Request("GET", "/api/v1/markets/a%20b%2Fc?q=x+y%26z&tag=1&tag=%C3%A9&flag", {},
                          {{"X-Custom", "v"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  auto body = boost::json::parse(res->body()).as_object();
  EXPECT_EQ(body["id"].as_string(), "a b/c");
  EXPECT_EQ(body["route"].as_string(), "/api/v1/markets/:id");
  EXPECT_EQ(body["q"].as_string(), "x y&z");
  ASSERT_EQ(body["tags"].as_array().size(), 2u);
  EXPECT_EQ(body["tags"].as_array()[1].as_string(), "\xC3\xA9");
  EXPECT_TRUE(body["flag"].as_bool());
  EXPECT_FALSE(body["missing"].as_bool());
  EXPECT_EQ(body["header"].as_string(), "v");
}

TEST_F(RouterServerTest, NotFoundAndMethodNotAllowedUseTheVenueShape) {
  Router router(VenueErrorFormatter);
  router.Get("/things/:id", Noop);
  router.Post("/things/:id", Noop);
  StartWith(std::move(router));
  TestPeer peer(server_->port());

  auto res = peer.Request("GET", "/nothing/here");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 404);
  EXPECT_EQ((*res)[boost::beast::http::field::content_type], "application/json");
  auto body = boost::json::parse(res->body()).as_object();
  EXPECT_EQ(body["error"].as_string(), "NotFound");
  EXPECT_NE(std::string(body["message"].as_string()).find("/nothing/here"), std::string::npos);

  res = peer.Request("DELETE", "/things/9");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 405);
  EXPECT_EQ((*res)[boost::beast::http::field::allow], "GET, HEAD, OPTIONS, POST");
  body = boost::json::parse(res->body()).as_object();
  EXPECT_EQ(body["error"].as_string(), "MethodNotAllowed");
}

TEST_F(RouterServerTest, HeadIsTheGetRoutesHeadAndOptionsListsTheMethods) {
  Router router(VenueErrorFormatter);
  router.Get("/things/:id", [](HttpRequest&, Responder respond) {
    respond(HttpResponse::Json(200, R"({"thing":"ok"})"));
  });
  router.Post("/things/:id", Noop);
  router.Post("/only-post", Noop);
  StartWith(std::move(router));
  TestPeer peer(server_->port());

  auto head = peer.Request("HEAD", "/things/1");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_EQ((*head)[boost::beast::http::field::content_length], "14");
  EXPECT_EQ((*head)[boost::beast::http::field::content_type], "application/json");
  EXPECT_TRUE(head->body().empty());
  // The connection stays usable: the next answer is not taken for the HEAD's body.
  auto get = peer.Request("GET", "/things/1");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body(), R"({"thing":"ok"})");

  auto options = peer.Request("OPTIONS", "/things/1");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->result_int(), 204);
  EXPECT_EQ((*options)[boost::beast::http::field::allow], "GET, HEAD, OPTIONS, POST");
  auto no_get = peer.Request("HEAD", "/only-post");
  ASSERT_TRUE(no_get);
  EXPECT_EQ(no_get->result_int(), 405);
  EXPECT_EQ((*no_get)[boost::beast::http::field::allow], "OPTIONS, POST");
  auto unknown = peer.Request("OPTIONS", "/nothing");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->result_int(), 404);
}

TEST_F(RouterServerTest, PluggableErrorFormatterShapesErrors) {
  // The MM engine's shape.
  Router router([](int status, std::string_view, std::string_view message) {
    boost::json::object body;
    body["detail"] = message;
    return HttpResponse::Json(status, boost::json::serialize(body));
  });
  router.Get("/x", Noop);
  StartWith(std::move(router));
  TestPeer peer(server_->port());
  auto res = peer.Request("POST", "/x");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 405);
  auto body = boost::json::parse(res->body()).as_object();
  EXPECT_TRUE(body.contains("detail"));
  EXPECT_FALSE(body.contains("error"));
}

TEST_F(RouterServerTest, MalformedTargetIsBadRequest) {
  Router router;
  router.Get("/x", Noop);
  StartWith(std::move(router));
  TestPeer peer(server_->port());
  peer.SendRaw("GET /x%zz HTTP/1.1\r\nHost: a\r\n\r\n");
  auto res = peer.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 400);
}

}  // namespace
}  // namespace probex::net
