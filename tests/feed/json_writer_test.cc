// The feed's serialiser must write what nlohmann::json's dump() writes (consumers
// and WriteChanges see one format), and always valid JSON, even from bad UTF-8.
#include "feed/detail/json_writer.h"

#include "tests/feed/feed_fixtures.h"

namespace cecat::feed {
namespace {

std::string Write(const Json& value) {
  std::string out;
  detail::AppendJson(value, &out);
  return out;
}

std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

TEST_CASE("AppendJson writes exactly what dump() writes for valid values") {
  std::vector<Json> values = {
      testing::MakeCourse(7),
      testing::MakeProvider(1),
      testing::MakeScholarship(2),
      testing::MakeReview(3),
      Json(nullptr),
      Json(true),
      Json(false),
      Json(0),
      Json(-42),
      Json(uint64_t{18446744073709551615u}),
      Json(int64_t{-9223372036854775807 - 1}),
      Json(6.0),
      Json(-0.0),
      Json(0.1),
      Json(1e-7),
      Json(1e21),
      Json(123456.789),
      Json(5.5),
      Json(std::numeric_limits<double>::quiet_NaN()),
      Json(std::numeric_limits<double>::infinity()),
      Json(""),
      Json("quote \" backslash \\ slash / tab \t newline \n cr \r bell \x07 nul " +
           std::string(1, '\0') + " del \x7f"),
      Json("\b\f\x1f"),
      Json("Café – “quotes” – 心理 – emoji \xF0\x9F\x98\x80"),
      Json::array(),
      Json::object(),
      Json{{"z", 1}, {"a", {1, 2.5, "x", nullptr, Json::object()}}, {"m", {{"k", false}}}},
  };
  for (const Json& value : values) {
    std::string expected = Dump(value);
    CAPTURE(expected);
    CHECK(Write(value) == expected);
  }
}

TEST_CASE("AppendJson replaces invalid UTF-8 and still writes valid JSON") {
  struct Case {
    std::string input;
    std::string expected;  // the string's content after a parse of the output
  };
  const std::string fffd = "\xEF\xBF\xBD";
  std::vector<Case> cases = {
      {"a\xFF"
       "b",
       "a" + fffd + "b"},
      {"\xC3", fffd},                                   // truncated at the end
      {"\xC0\xAF", fffd + fffd},                        // overlong '/'
      {"\xED\xA0\x80", fffd + fffd + fffd},             // UTF-16 surrogate
      {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},  // above U+10FFFF
      {"ok \xE2\x82\xAC", "ok \xE2\x82\xAC"},           // valid euro sign stays
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    std::string written = Write(Json(c.input));
    Json parsed = Json::parse(written, nullptr, /*allow_exceptions=*/false);
    REQUIRE_FALSE(parsed.is_discarded());
    CHECK(parsed.get<std::string>() == c.expected);
  }
}

}  // namespace
}  // namespace cecat::feed
