// The venue API's error answers: the body {"error": ErrorType, "message": "...", "code"?} of the
// Unhedged reference, and the one function that maps a domain RejectCode to an HTTP status and
// that body. Thread rule: pure functions.
#pragma once

#include <string_view>

#include "net/http_response.h"
#include "net/json.h"
#include "venue/domain/reject_code.h"

namespace probex::venue::api {

// {"error": error_type, "message": message, "code": code} (code omitted when empty).
net::HttpResponse ErrorResponse(int status, std::string_view error_type, std::string_view message,
                                std::string_view code = {});

net::HttpResponse BadRequest(std::string_view message, std::string_view code = {});
net::HttpResponse Unauthorized(std::string_view message);
net::HttpResponse Forbidden(std::string_view message, std::string_view code = {});
net::HttpResponse NotFound(std::string_view message, std::string_view code = {});
net::HttpResponse Conflict(std::string_view message, std::string_view code = {});
net::HttpResponse ServiceUnavailable(std::string_view message, std::string_view code = {});
// 429 with Retry-After (whole seconds, at least 1).
net::HttpResponse RateLimited(std::string_view rule, std::int64_t retry_after_ms);

// 400 from the first error of a JSON body read: the code is the field error's
// (missing_field, wrong_type, invalid_value, out_of_range, unknown_field, invalid_json).
net::HttpResponse FieldErrorResponse(const net::FieldErrors& errors);
// 400 for a body that is not JSON (parse error message with the byte offset).
net::HttpResponse JsonErrorResponse(const Error& error);

// The HTTP status, error type and message of a rejected command; code = RejectCodeName(code).
net::HttpResponse RejectResponse(RejectCode code);
// 503 for an engine failure ("overloaded", "engine_stopped", "journal_failed").
net::HttpResponse EngineErrorResponse(const Error& error);

}  // namespace probex::venue::api
