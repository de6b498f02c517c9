// docs/extraction.md's examples are true: every "recipe" there (a page, the
// extract entry for it and the table `cecat extract --table` prints) is run as
// written and its table compared, so the guide an admin writes sources from
// cannot drift from what cecat does (issue 20).
//
// A recipe on that page is
//   <!-- recipe: URL -->
//   ```html      the page
//   ```json      one extract entry
//   ```text      "$ cecat extract --table [--columns LIST]", then the table
//   <!-- end recipe -->
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using cecat::testing::ReadFile;
using cecat::testing::RunCecat;
using cecat::testing::SourceDir;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;
using Json = nlohmann::json;

namespace {

struct Recipe {
  std::string url;
  std::string title;  // the nearest heading above, for messages
  std::string html;
  std::string entry;
  std::string command;  // "$ cecat extract --table ..."
  std::string table;
};

// The recipes of `doc`, in order; a recipe missing a block is returned with
// that block empty (the test then fails naming it).
std::vector<Recipe> ParseRecipes(const std::string& doc) {
  std::vector<Recipe> out;
  std::istringstream in(doc);
  std::string line, heading;
  Recipe* current = nullptr;
  std::string* block = nullptr;
  const std::string kStart = "<!-- recipe: ";
  while (std::getline(in, line)) {
    if (block != nullptr) {
      if (line == "```") {
        block = nullptr;
      } else {
        *block += line + "\n";
      }
      continue;
    }
    if (line.rfind("### ", 0) == 0) heading = line.substr(4);
    if (line.rfind(kStart, 0) == 0) {
      Recipe r;
      std::size_t end = line.find(" -->");
      r.url = line.substr(kStart.size(), end == std::string::npos ? end : end - kStart.size());
      r.title = heading;
      out.push_back(r);
      current = &out.back();
    } else if (line == "<!-- end recipe -->") {
      current = nullptr;
    } else if (current != nullptr && line == "```html") {
      block = &current->html;
    } else if (current != nullptr && line == "```json") {
      block = &current->entry;
    } else if (current != nullptr && line == "```text") {
      block = &current->table;
    }
  }
  for (Recipe& r : out) {
    std::size_t nl = r.table.find('\n');
    if (nl != std::string::npos && r.table.rfind("$ ", 0) == 0) {
      r.command = r.table.substr(0, nl);
      r.table = r.table.substr(nl + 1);
    }
  }
  return out;
}

// The command line's words after "$ cecat extract --table" (only --columns LIST
// is expected there).
std::vector<std::string> ExtraArgs(const std::string& command) {
  std::istringstream words(command);
  std::vector<std::string> out;
  std::string w;
  int skip = 4;  // "$", "cecat", "extract", "--table"
  while (words >> w) {
    if (skip-- > 0) continue;
    out.push_back(w);
  }
  return out;
}

}  // namespace

TEST_CASE("every recipe in docs/extraction.md gives the table the page shows") {
  std::vector<Recipe> recipes = ParseRecipes(ReadFile(SourceDir() / "docs" / "extraction.md"));
  // Tables, cards, definition lists, headings with following content, scholarships.
  REQUIRE(recipes.size() >= 5);
  for (const Recipe& r : recipes) {
    INFO("recipe '" << r.title << "' (" << r.url << ")");
    REQUIRE_FALSE(r.html.empty());
    REQUIRE_FALSE(r.entry.empty());
    REQUIRE(r.command.rfind("$ cecat extract --table", 0) == 0);
    TempDir dir;
    WriteFile(dir / "page.html", r.html);
    Json entry = Json::parse(r.entry);  // a parse error here names the recipe above
    Json sources = {
        {"database", (dir / "cecat.db").string()},
        {"sources",
         {{{"id", "recipe"},
           {"kinds", {"courses", "providers", "accreditations", "scholarships", "reviews"}},
           {"start_urls", {r.url}},
           {"extract", {entry}}}}}};
    WriteFile(dir / "sources.json", sources.dump());
    std::vector<std::string> args = {
        "extract", "--table", "--config", (dir / "sources.json").string(), "--source", "recipe",
        "--url",   r.url,     "--html",   (dir / "page.html").string()};
    for (const std::string& a : ExtraArgs(r.command)) args.push_back(a);
    auto run = RunCecat(args);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == r.table);
  }
}

TEST_CASE("the recipe parser finds each block and the command") {
  const std::string doc =
      "### A shape\n<!-- recipe: https://x.example/ -->\n```html\n<p>x</p>\n```\n\n"
      "```json\n{\"item\": \"p\"}\n```\n```text\n$ cecat extract --table --columns title\n"
      "type  title\n```\n<!-- end recipe -->\n```html\nnot a recipe\n```\n";
  std::vector<Recipe> recipes = ParseRecipes(doc);
  REQUIRE(recipes.size() == 1);
  CHECK(recipes[0].url == "https://x.example/");
  CHECK(recipes[0].title == "A shape");
  CHECK(recipes[0].html == "<p>x</p>\n");
  CHECK(recipes[0].entry == "{\"item\": \"p\"}\n");
  CHECK(recipes[0].command == "$ cecat extract --table --columns title");
  CHECK(recipes[0].table == "type  title\n");
  CHECK(ExtraArgs(recipes[0].command) == std::vector<std::string>{"--columns", "title"});
}
