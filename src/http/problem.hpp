#pragma once
// RFC 9457 problem+json responses built from an Error (or from the server itself for framing
// errors such as an oversized body). The `code` member is the stable contract with clients.

#include <string>

#include "base/result.hpp"
#include "http/message.hpp"

namespace onegrid::http {

int status_for(ErrorKind kind);
// {"type","title","status","code","detail","field"?,"instance"?}; `instance` is the request id.
Response problem_response(const Error& error, const std::string& request_id = {});
// The same with an explicit status, for statuses no ErrorKind maps to (e.g. 431 from the server).
Response problem_response(int status, const Error& error, const std::string& request_id = {});

}  // namespace onegrid::http
