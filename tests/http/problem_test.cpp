// ErrorKind → status mapping and the RFC 9457 problem+json body.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/problem.hpp"

namespace onegrid::http {
namespace {

TEST(Problem, StatusForEveryKind) {
  EXPECT_EQ(status_for(ErrorKind::invalid), 400);
  EXPECT_EQ(status_for(ErrorKind::unauthenticated), 401);
  EXPECT_EQ(status_for(ErrorKind::forbidden), 403);
  EXPECT_EQ(status_for(ErrorKind::not_found), 404);
  EXPECT_EQ(status_for(ErrorKind::method_not_allowed), 405);
  EXPECT_EQ(status_for(ErrorKind::conflict), 409);
  EXPECT_EQ(status_for(ErrorKind::precondition_failed), 412);
  EXPECT_EQ(status_for(ErrorKind::precondition_required), 428);
  EXPECT_EQ(status_for(ErrorKind::too_large), 413);
  EXPECT_EQ(status_for(ErrorKind::unsupported_media), 415);
  EXPECT_EQ(status_for(ErrorKind::locked), 423);
  EXPECT_EQ(status_for(ErrorKind::rate_limited), 429);
  EXPECT_EQ(status_for(ErrorKind::unavailable), 503);
  EXPECT_EQ(status_for(ErrorKind::internal), 500);
}

TEST(Problem, BodyHasAllMembers) {
  auto res = problem_response(invalid_input("org.bad_name", "name must not be \"empty\"\n", "name"),
                              "abc123");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.header("content-type"), "application/problem+json");
  auto body = boost::json::parse(res.body).as_object();
  EXPECT_EQ(body.at("type"), "https://onegrid.dev/problems/org.bad_name");
  EXPECT_EQ(body.at("title"), "Bad Request");
  EXPECT_EQ(body.at("status"), 400);
  EXPECT_EQ(body.at("code"), "org.bad_name");
  EXPECT_EQ(body.at("detail"), "name must not be \"empty\"\n");
  EXPECT_EQ(body.at("field"), "name");
  EXPECT_EQ(body.at("instance"), "urn:request:abc123");
}

TEST(Problem, OptionalMembersAreLeftOutWhenEmpty) {
  auto res = problem_response(not_found("org.not_found", "no such unit"));
  EXPECT_EQ(res.status, 404);
  auto body = boost::json::parse(res.body).as_object();
  EXPECT_EQ(body.at("title"), "Not Found");
  EXPECT_FALSE(body.contains("field"));
  EXPECT_FALSE(body.contains("instance"));
}

TEST(Problem, UnauthenticatedAsksForABearerToken) {
  auto res = problem_response(make_error(ErrorKind::unauthenticated, "auth.unauthenticated", "x"));
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.header("www-authenticate"), "Bearer");
  auto other = problem_response(forbidden("auth.forbidden", "x"));
  EXPECT_EQ(other.header("www-authenticate"), "");
}

TEST(Problem, ExplicitStatusForServerErrors) {
  auto res = problem_response(431, invalid_input("http.header_too_large", "too big"), "r1");
  EXPECT_EQ(res.status, 431);
  auto body = boost::json::parse(res.body).as_object();
  EXPECT_EQ(body.at("status"), 431);
  EXPECT_EQ(body.at("title"), "Request Header Fields Too Large");
}

TEST(Problem, NonAsciiDetailStaysValidJson) {
  auto res = problem_response(conflict("event.closed", "事件已办结"));
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(boost::json::parse(res.body).as_object().at("detail"), "事件已办结");
}

}  // namespace
}  // namespace onegrid::http
