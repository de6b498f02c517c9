// `cecat sources enable|disable ID` rewrites the sources file: one value changes,
// key order and everything else stay, and the file is replaced atomically.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "config/config.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using cecat::Status;
using cecat::config::LoadConfig;
using cecat::config::SetSourceEnabled;
using cecat::testing::ReadFile;
using cecat::testing::TempDir;
using cecat::testing::WriteFile;

namespace {

const char* kFile = R"({
    "user_agent": "ua/1",
    "sources": [
        {"id": "zeta", "start_urls": ["https://z.example/"], "kinds": ["courses"], "enabled": true, "max_pages": 10},
        {"kinds": "reviews", "id": "alpha", "start_urls": "https://a.example/", "timeout_s": 2.5}
    ],
    "database": "x.db"
})";

std::vector<std::string> FilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("SetSourceEnabled changes only that source's enabled and keeps key order") {
  TempDir dir;
  fs::path file = dir / "sources.json";
  WriteFile(file, kFile);

  REQUIRE(SetSourceEnabled(file, "zeta", false).ok());
  // Key order as written (not sorted), 2-space indentation, a final newline.
  CHECK(ReadFile(file) == R"({
  "user_agent": "ua/1",
  "sources": [
    {
      "id": "zeta",
      "start_urls": [
        "https://z.example/"
      ],
      "kinds": [
        "courses"
      ],
      "enabled": false,
      "max_pages": 10
    },
    {
      "kinds": "reviews",
      "id": "alpha",
      "start_urls": "https://a.example/",
      "timeout_s": 2.5
    }
  ],
  "database": "x.db"
}
)");

  // A source without the key gets it appended as its last key.
  REQUIRE(SetSourceEnabled(file, "alpha", false).ok());
  auto loaded = LoadConfig(file);
  REQUIRE(loaded.ok());
  CHECK_FALSE(loaded->FindSource("zeta")->enabled);
  CHECK_FALSE(loaded->FindSource("alpha")->enabled);
  CHECK(loaded->FindSource("alpha")->timeout_s == 2.5);
  CHECK(ReadFile(file).find("\"timeout_s\": 2.5,\n      \"enabled\": false\n    }") !=
        std::string::npos);

  REQUIRE(SetSourceEnabled(file, "zeta", true).ok());
  loaded = LoadConfig(file);
  REQUIRE(loaded.ok());
  CHECK(loaded->FindSource("zeta")->enabled);
  CHECK_FALSE(loaded->FindSource("alpha")->enabled);
  CHECK(loaded->FindSource("zeta")->max_pages == 10);
  CHECK(loaded->user_agent == "ua/1");
}

TEST_CASE("SetSourceEnabled replaces the file by rename and leaves no temp file") {
  TempDir dir;
  fs::path file = dir / "sources.json";
  WriteFile(file, kFile);
  ::chmod(file.c_str(), 0640);
  // A hard link still names the old inode after a rename; an in-place write would
  // change what it reads too.
  fs::create_hard_link(file, dir / "old.json");

  REQUIRE(SetSourceEnabled(file, "alpha", false).ok());
  CHECK(ReadFile(dir / "old.json") == kFile);
  CHECK(ReadFile(file) != kFile);
  CHECK(FilesIn(dir.path()) == std::vector<std::string>{"old.json", "sources.json"});
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
}

TEST_CASE("SetSourceEnabled through a symlink rewrites the target and keeps the link") {
  TempDir dir;
  fs::create_directories(dir / "real");
  WriteFile(dir / "real" / "sources.json", kFile);
  fs::create_symlink(dir / "real" / "sources.json", dir / "link.json");
  REQUIRE(SetSourceEnabled(dir / "link.json", "zeta", false).ok());
  CHECK(fs::is_symlink(dir / "link.json"));
  auto loaded = LoadConfig(dir / "real" / "sources.json");
  REQUIRE(loaded.ok());
  CHECK_FALSE(loaded->FindSource("zeta")->enabled);
  CHECK(FilesIn(dir / "real") == std::vector<std::string>{"sources.json"});
}

TEST_CASE("SetSourceEnabled fails clearly and changes nothing") {
  struct Case {
    const char* name;
    std::string contents;
    const char* id;
    Status::Code code;
    std::string message;  // "<file>" stands for the file's path
  };
  const Case cases[] = {
      {"unknown id", kFile, "nope", Status::Code::kNotFound, "<file>: no source with id 'nope'"},
      {"invalid JSON", "{\"sources\": [", "zeta", Status::Code::kInvalidArgument,
       "not changed, the sources file has problems:\n<file>:1:14: invalid JSON: syntax error while "
       "parsing value - unexpected end of input; expected '[', '{', or a literal"},
      {"invalid config",
       R"({"sources": [{"id": "zeta", "kinds": "courses", "start_urls": "https://z.example/", "max_pages": 0}]})",
       "zeta", Status::Code::kInvalidArgument,
       "not changed, the sources file has problems:\n<file>: source 'zeta': key 'max_pages': "
       "expected an integer >= 1, got 0"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    TempDir dir;
    fs::path file = dir / "sources.json";
    WriteFile(file, c.contents);
    Status st = SetSourceEnabled(file, c.id, false);
    std::string want = c.message;
    for (size_t at; (at = want.find("<file>")) != std::string::npos;) {
      want.replace(at, 6, file.string());
    }
    CHECK(st.code() == c.code);
    CHECK(st.message() == want);
    CHECK(ReadFile(file) == c.contents);
    CHECK(FilesIn(dir.path()) == std::vector<std::string>{"sources.json"});
  }
}

TEST_CASE("SetSourceEnabled on a missing file reports it") {
  TempDir dir;
  Status st = SetSourceEnabled(dir / "none.json", "a", true);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message() == "not changed, the sources file has problems:\n" +
                            (dir / "none.json").string() +
                            ": cannot read: No such file or directory");
  CHECK_FALSE(fs::exists(dir / "none.json"));
}
