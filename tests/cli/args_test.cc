#include "cli/args.h"

#include <catch2/catch.hpp>

using cecat::cli::OptionSpec;
using cecat::cli::ParseArgs;

namespace {

const std::vector<OptionSpec> kOptions = {
    {"--config", "FILE", false, ""},
    {"--source", "ID", true, ""},
    {"--force", nullptr, false, ""},
};

}  // namespace

TEST_CASE("options take values in both spellings and repeat only when allowed") {
  auto parsed =
      ParseArgs({"--config", "a.json", "--source=x", "--source", "y", "--force", "q"}, kOptions);
  REQUIRE(parsed.ok());
  CHECK(parsed->Get("--config") == "a.json");
  CHECK(parsed->All("--source") == std::vector<std::string>{"x", "y"});
  CHECK(parsed->Has("--force"));
  CHECK(parsed->positional == std::vector<std::string>{"q"});
}

TEST_CASE("command-line mistakes are errors that name the option") {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const Case cases[] = {
      {{"--nope"}, "unknown option '--nope'"},
      {{"-x"}, "unknown option '-x'"},
      {{"--config"}, "option '--config' needs a value (FILE)"},
      {{"--force=yes"}, "option '--force' takes no value"},
      {{"--config", "a", "--config", "b"}, "option '--config' given more than once"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    auto parsed = ParseArgs(c.args, kOptions);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message() == c.message);
  }
}

TEST_CASE("after -- everything is positional, so a query may start with a dash") {
  auto parsed = ParseArgs({"--", "-anxiety", "--force"}, kOptions);
  REQUIRE(parsed.ok());
  CHECK(parsed->positional == std::vector<std::string>{"-anxiety", "--force"});
  CHECK_FALSE(parsed->Has("--force"));
}

TEST_CASE("numeric options are checked with the option's name in the message") {
  CHECK(cecat::cli::ParseNumberOption("--max-price", "29.5").value() == 29.5);
  auto bad = cecat::cli::ParseNumberOption("--max-price", "cheap");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "option '--max-price' expects a number, got 'cheap'");
  auto range = cecat::cli::ParseIntOption("--limit", "0", 1, 100);
  REQUIRE_FALSE(range.ok());
  CHECK(range.status().message() == "option '--limit' expects an integer from 1 to 100, got '0'");
}
