#include "core/json_text.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/trace.hpp"

namespace playground {
namespace {

std::string as_json_text(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonText, escapes_quotes_backslashes_and_control_characters) {
  EXPECT_EQ(as_json_text("say \"hi\"\\ now"), R"("say \"hi\"\\ now")");
  EXPECT_EQ(as_json_text("a\nb\tc\x01"), R"("a\u000ab\u0009c\u0001")");
}

TEST(JsonText, keeps_valid_utf8_and_replaces_what_is_not) {
  EXPECT_EQ(as_json_text("Zürich 東京 🙂"), "\"Zürich 東京 🙂\"");
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(as_json_text("a\xFF"
                         "b"),
            "\"a" + replacement + "b\"");                                        // a byte that never starts UTF-8
  EXPECT_EQ(as_json_text("\xC3"), "\"" + replacement + "\"");                    // cut short
  EXPECT_EQ(as_json_text("\xC0\xAF"), "\"" + replacement + replacement + "\"");  // overlong
  EXPECT_EQ(as_json_text("\xED\xA0\x80"), "\"" + replacement + replacement + replacement + "\"");  // a surrogate
  EXPECT_EQ(as_json_text("\xF4\x90\x80\x80").substr(0, 4), "\"" + replacement);                    // past U+10FFFF
  // Whatever the bytes, the text parses as JSON.
  for (int b = 0; b < 256; ++b) {
    const std::string text = std::string("x") + static_cast<char>(b) + "\x80y";
    EXPECT_NO_THROW((void)nlohmann::json::parse(as_json_text(text))) << b;
  }
}

TEST(ChromeTrace, a_label_that_is_not_utf8_still_makes_valid_json_with_every_event) {
  Trace trace;
  trace.lanes.push_back({.id = 0, .name = "main \xFF", .kind = LaneKind::thread});
  trace.spans.push_back(
      {.lane = 0, .state = SpanState::running, .start_us = 5, .end_us = 9, .label = "row \xC3", .site = ""});
  trace.spans.push_back(
      {.lane = 0, .state = SpanState::waiting_on_io, .start_us = 9, .end_us = 20, .label = "", .site = "io.wait"});
  const nlohmann::json document = nlohmann::json::parse(to_chrome_trace_json(trace, "title \"quoted\""));
  const nlohmann::json& events = document.at("traceEvents");
  ASSERT_EQ(events.size(), 6u);  // process name and order, thread name and order, two spans
  EXPECT_EQ(events[0].at("args").at("name"), "title \"quoted\"");
  EXPECT_EQ(events[2].at("args").at("name"), "main \xEF\xBF\xBD");
  EXPECT_EQ(events[4].at("name"), "row \xEF\xBF\xBD");
  EXPECT_EQ(events[4].at("dur"), 4);
  EXPECT_EQ(events[4].at("args").at("state"), "running");
  EXPECT_FALSE(events[4].at("args").contains("site"));
  const nlohmann::json& wait = events.back();
  EXPECT_EQ(wait.at("name"), "waiting_on_io");
  EXPECT_EQ(wait.at("args").at("site"), "io.wait");
  EXPECT_EQ(document.at("displayTimeUnit"), "ms");
  EXPECT_FALSE(document.contains("otherData"));
}

}  // namespace
}  // namespace playground
