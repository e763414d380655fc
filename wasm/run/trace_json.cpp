#include "run/trace_json.hpp"

#include "core/json_text.hpp"

#include <string_view>

namespace playground {

using nlohmann::json;

json to_json(const Span& span) {
  return {{"lane", span.lane},         {"state", std::string(to_string(span.state))},
          {"start_us", span.start_us}, {"end_us", span.end_us},
          {"label", span.label},       {"site", span.site}};
}

void append_json(std::string& out, const Span& span) {
  out += "{\"lane\":";
  out += std::to_string(span.lane);
  out += ",\"state\":";
  append_json_string(out, to_string(span.state));
  out += ",\"start_us\":";
  out += std::to_string(span.start_us);
  out += ",\"end_us\":";
  out += std::to_string(span.end_us);
  out += ",\"label\":";
  append_json_string(out, span.label);
  out += ",\"site\":";
  append_json_string(out, span.site);
  out += '}';
}

json to_json(const Edge& edge) {
  return {{"kind", std::string(to_string(edge.kind))},
          {"from_lane", edge.from.lane},
          {"from_us", edge.from.at_us},
          {"to_lane", edge.to.lane},
          {"to_us", edge.to.at_us},
          {"label", edge.label}};
}

void append_json(std::string& out, const Edge& edge) {
  out += "{\"kind\":";
  append_json_string(out, to_string(edge.kind));
  out += ",\"from_lane\":";
  out += std::to_string(edge.from.lane);
  out += ",\"from_us\":";
  out += std::to_string(edge.from.at_us);
  out += ",\"to_lane\":";
  out += std::to_string(edge.to.lane);
  out += ",\"to_us\":";
  out += std::to_string(edge.to.at_us);
  out += ",\"label\":";
  append_json_string(out, edge.label);
  out += '}';
}

Edge edge_from_json(const json& edge) {
  const std::string kind = edge.at("kind").get<std::string>();
  Edge result{.kind = EdgeKind::queue,
              .from = {edge.at("from_lane").get<LaneId>(), edge.at("from_us").get<micros>()},
              .to = {edge.at("to_lane").get<LaneId>(), edge.at("to_us").get<micros>()},
              .label = edge.value("label", std::string())};
  for (EdgeKind k : {EdgeKind::queue, EdgeKind::gil, EdgeKind::lock, EdgeKind::timer, EdgeKind::join, EdgeKind::cancel,
                     EdgeKind::message}) {
    if (to_string(k) == kind) result.kind = k;
  }
  return result;
}

json to_json(const Lane& lane) {
  return {{"id", lane.id}, {"name", lane.name}, {"kind", std::string(to_string(lane.kind))}};
}

}  // namespace playground
