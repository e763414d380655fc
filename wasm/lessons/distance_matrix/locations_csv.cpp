#include "lessons/distance_matrix/locations_csv.hpp"
#include "run/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "run/number_format.hpp"

namespace playground::lessons::distance_matrix {
namespace {

constexpr std::string_view kExpected = "name,latitude,longitude";
constexpr std::size_t kMaxQuotedChars = 40;

// A field's text for a message: quoted, and cut short (at a UTF-8 character
// boundary) so a megabyte of junk does not become a megabyte of message.
std::string quote_for_message(std::string_view text) {
  std::string out = "\"";
  if (text.size() <= kMaxQuotedChars) {
    out.append(text);
  } else {
    std::size_t cut = kMaxQuotedChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.append(text.substr(0, cut));
    out.append("…");
  }
  out.push_back('"');
  return out;
}

std::string field_name(std::size_t index) {
  switch (index) {
    case 0: return "name";
    case 1: return "latitude";
    case 2: return "longitude";
    default: return std::to_string(index + 1);
  }
}

// `line 3, field "latitude"` or `line 3, field 4` for fields past the third.
std::string where(std::size_t line, std::size_t field_index) {
  const std::string name = field_name(field_index);
  std::string out = "line " + std::to_string(line) + ", field ";
  out += field_index < 3 ? "\"" + name + "\"" : name;
  return out;
}

[[noreturn]] void fail(std::size_t line, std::size_t field_index, const std::string& what) {
  throw CsvError(line, field_name(field_index), where(line, field_index) + ": " + what);
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

struct Field {
  std::string text;
  bool quoted = false;
};

// Splits the text into records of fields, one record at a time.
class RecordReader {
 public:
  explicit RecordReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
  }

  // Reads the next record into `fields`; false at the end of the text.
  // `line` is set to the line the record starts on.
  bool next(std::vector<Field>& fields, std::size_t& line) {
    if (pos_ >= text_.size()) return false;
    fields.clear();
    line = line_;
    while (true) {
      fields.push_back(read_field(fields.size(), line));
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_++];
      if (c == ',') continue;
      // c ends the line: \n, \r\n or a lone \r.
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

 private:
  Field read_field(std::size_t index, std::size_t record_line) {
    Field field;
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      field.quoted = true;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) fail(record_line, index, "the quote opened here is never closed");
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field.text.push_back('"');
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n' || (c == '\r' && !(pos_ < text_.size() && text_[pos_] == '\n'))) ++line_;
        field.text.push_back(c);
      }
      while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
      if (pos_ < text_.size() && !is_separator(text_[pos_])) {
        fail(record_line, index, "unexpected text after the closing quote: " + quote_for_message(rest_of_field()));
      }
      return field;
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_separator(text_[pos_])) ++pos_;
    std::size_t end = pos_;
    while (end > start && is_blank(text_[end - 1])) --end;
    field.text.assign(text_.substr(start, end - start));
    return field;
  }

  static bool is_separator(char c) { return c == ',' || c == '\n' || c == '\r'; }

  std::string_view rest_of_field() const {
    std::size_t end = pos_;
    while (end < text_.size() && !is_separator(text_[end])) ++end;
    return text_.substr(pos_, end - pos_);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

double read_coordinate(const Field& field, std::size_t line, std::size_t index, double limit) {
  if (field.text.empty()) fail(line, index, "empty (expected a number)");
  const auto value = parse_number(field.text);
  if (!value) fail(line, index, quote_for_message(field.text) + " is not a number");
  if (*value < -limit || *value > limit) {
    const std::string range = limit == 90 ? "[-90, 90]" : "[-180, 180]";
    fail(line, index, field.text + " is outside " + range);
  }
  return *value;
}

bool is_header(const std::vector<Field>& fields) {
  return fields.size() == 3 && equals_ignoring_case(fields[0].text, "name") &&
         equals_ignoring_case(fields[1].text, "latitude") && equals_ignoring_case(fields[2].text, "longitude");
}

}  // namespace

std::vector<Location> parse_locations_csv(std::string_view text, const LocationsCsvOptions& options) {
  std::vector<Location> locations;
  RecordReader reader(text);
  std::vector<Field> fields;
  std::size_t line = 0;
  bool first_record = true;
  while (reader.next(fields, line)) {
    if (fields.size() == 1 && !fields[0].quoted && fields[0].text.empty()) continue;  // a blank line
    if (first_record && is_header(fields)) {
      first_record = false;
      continue;
    }
    first_record = false;
    if (fields.size() < 3) {
      fail(line, fields.size(), "missing (expected " + std::string(kExpected) + ")");
    }
    if (fields.size() > 3) {
      fail(
          line, 3,
          "unexpected extra field " + quote_for_message(fields[3].text) + " (expected " + std::string(kExpected) + ")");
    }
    if (locations.size() >= options.max_locations) {
      throw CsvError(line, "",
                     "line " + std::to_string(line) + ": more than " + std::to_string(options.max_locations) +
                         " locations (the limit is " + std::to_string(options.max_locations) + ")");
    }
    if (fields[0].text.empty()) fail(line, 0, "empty (every location needs a name)");
    Location location;
    location.latitude = read_coordinate(fields[1], line, 1, 90);
    location.longitude = read_coordinate(fields[2], line, 2, 180);
    location.name = std::move(fields[0].text);
    locations.push_back(std::move(location));
  }
  if (locations.empty()) {
    throw CsvError(0, "", "the file has no locations (expected rows of " + std::string(kExpected) + ")");
  }
  return locations;
}

std::vector<Location> read_locations_file(const std::string& path, const LocationsCsvOptions& options) {
  const std::string text = read_text_file(path);
  try {
    return parse_locations_csv(text, options);
  } catch (const CsvError& error) {
    throw CsvError(error.line(), error.field(), path + ": " + error.what());
  }
}

}  // namespace playground::lessons::distance_matrix
