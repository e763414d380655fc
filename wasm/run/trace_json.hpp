#pragma once
// A trace's spans and lanes as the JSON the TypeScript side reads, written
// once for the bindings' run session and the processes parent.
#include <string>

#include <nlohmann/json.hpp>

#include "core/trace.hpp"

namespace playground {

// Turns the spans and lanes of a trace into the JSON the TypeScript side
// reads (web/src/engine/types.ts: Span, Lane).
[[nodiscard]] nlohmann::json to_json(const Span& span);
[[nodiscard]] nlohmann::json to_json(const Lane& lane);
// Appends to_json(span) as JSON text, written directly: a poll may carry
// thousands of spans and building nlohmann objects for them costs
// microseconds each. Labels that are not valid UTF-8 get U+FFFD.
void append_json(std::string& out, const Span& span);

// A causal edge as the TypeScript side reads it (types.ts: Edge), flat:
// {"kind", "from_lane", "from_us", "to_lane", "to_us", "label"}.
[[nodiscard]] nlohmann::json to_json(const Edge& edge);
void append_json(std::string& out, const Edge& edge);
// Back from that JSON (a trace held by JavaScript, exported); throws
// nlohmann::json::exception naming what is missing or of the wrong type.
[[nodiscard]] Edge edge_from_json(const nlohmann::json& edge);

}  // namespace playground
