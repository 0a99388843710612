// ErrorKind → HTTP status, and the RFC 9457 problem+json body.
#include "http/problem.hpp"

#include <boost/json.hpp>

namespace onegrid::http {
namespace {

const char* title_for(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 423:
      return "Locked";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Server Error" : "Client Error";
  }
}

}  // namespace

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid:
      return 400;
    case ErrorKind::unauthenticated:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::method_not_allowed:
      return 405;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::precondition_failed:
      return 412;
    case ErrorKind::precondition_required:
      return 428;
    case ErrorKind::too_large:
      return 413;
    case ErrorKind::unsupported_media:
      return 415;
    case ErrorKind::locked:
      return 423;
    case ErrorKind::rate_limited:
      return 429;
    case ErrorKind::unavailable:
      return 503;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

Response problem_response(const Error& error, const std::string& request_id) {
  return problem_response(status_for(error.kind), error, request_id);
}

Response problem_response(int status, const Error& error, const std::string& request_id) {
  boost::json::object body;
  body["type"] = "https://onegrid.dev/problems/" + error.code;
  body["title"] = title_for(status);
  body["status"] = status;
  body["code"] = error.code;
  body["detail"] = error.message;
  if (!error.field.empty()) body["field"] = error.field;
  if (!request_id.empty()) body["instance"] = "urn:request:" + request_id;

  Response res;
  res.status = status;
  res.set_header("Content-Type", "application/problem+json");
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer");
  if (error.retry_after_s > 0) res.set_header("Retry-After", std::to_string(error.retry_after_s));
  res.body = boost::json::serialize(body);
  return res;
}

}  // namespace onegrid::http
