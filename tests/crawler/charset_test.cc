// Charset sniffing and conversion to UTF-8, then pages served in legacy encodings.
#include "crawler/charset.h"

#include <catch2/catch.hpp>

#include "crawler/crawler.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/test_support.h"

namespace cecat::crawler {
namespace {

using testing::LoopbackServer;
using testutil::kNoValidators;
using testutil::LoopbackSpec;
using testutil::RecordingHandler;

TEST_CASE("charset: the encoding is found by BOM, header, meta, then default") {
  struct Case {
    const char* name;
    std::string body;
    const char* content_type;
    const char* charset;
    const char* source;
    std::string utf8;
  } cases[] = {
      {"header windows-1252", "caf\xE9 \x93quoted\x94", "text/html; charset=windows-1252",
       "windows-1252", "header", "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D"},
      {"header iso-8859-1 read as windows-1252", "\x80 5", "text/html; Charset=\"ISO-8859-1\"",
       "windows-1252", "header", "\xE2\x82\xAC 5"},
      {"header utf-8", "caf\xC3\xA9", "text/html;charset=utf-8", "utf-8", "header", "caf\xC3\xA9"},
      {"utf-8 BOM beats the header",
       "\xEF\xBB\xBF"
       "caf\xC3\xA9",
       "text/html; charset=windows-1252", "utf-8", "bom", "caf\xC3\xA9"},
      {"utf-16le BOM",
       std::string("\xFF\xFE"
                   "h\0i\0",
                   6),
       "text/html", "utf-16le", "bom", "hi"},
      {"meta charset", "<html><head><meta charset=\"windows-1252\"><title>caf\xE9</title>",
       "text/html", "windows-1252", "meta",
       "<html><head><meta charset=\"windows-1252\"><title>caf\xC3\xA9</title>"},
      {"meta http-equiv", "<meta http-equiv=Content-Type content='text/html; charset=latin1'>\xE9",
       "", "windows-1252", "meta",
       "<meta http-equiv=Content-Type content='text/html; charset=latin1'>\xC3\xA9"},
      {"meta utf-16 means utf-8", "<meta charset=utf-16>\xC3\xA9", "text/html", "utf-8", "meta",
       "<meta charset=utf-16>\xC3\xA9"},
      {"meta in a comment is ignored", "<!-- <meta charset=koi8-r> -->caf\xC3\xA9", "text/html",
       "utf-8", "default", "<!-- <meta charset=koi8-r> -->caf\xC3\xA9"},
      {"undeclared valid utf-8", "na\xC3\xAFve", "text/html", "utf-8", "default", "na\xC3\xAFve"},
      {"undeclared latin-1", "na\xEFve", "text/html", "windows-1252", "default", "na\xC3\xAFve"},
      {"unknown label falls through", "x\xE9", "text/html; charset=klingon", "windows-1252",
       "default", "x\xC3\xA9"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    DecodedText text = DecodeHtml(c.body, c.content_type);
    CHECK(text.charset == c.charset);
    CHECK(text.source == c.source);
    CHECK(text.utf8 == c.utf8);
    CHECK(text.replaced == 0);
  }
}

TEST_CASE("charset: invalid bytes become U+FFFD and are counted") {
  struct Case {
    const char* name;
    std::string body;
    const char* content_type;
    std::string utf8;
    int replaced;
  } cases[] = {
      {"windows-1252 undefined byte", "a\x81z", "text/html; charset=windows-1252", "a\xEF\xBF\xBDz",
       1},
      {"utf-8 stray continuation", "a\x80z", "text/html; charset=utf-8", "a\xEF\xBF\xBDz", 1},
      {"utf-8 overlong", "\xC0\xAF", "text/html; charset=utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD", 2},
      {"utf-8 surrogate", "\xED\xA0\x80", "text/html; charset=utf-8",
       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3},
      {"utf-8 truncated at the end", "ok\xE2\x82", "text/html; charset=utf-8",
       "ok\xEF\xBF\xBD\xEF\xBF\xBD", 2},
      {"utf-16le odd length", std::string("\xFF\xFEh\0i", 5), "", "h\xEF\xBF\xBD", 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    DecodedText text = DecodeHtml(c.body, c.content_type);
    CHECK(text.utf8 == c.utf8);
    CHECK(text.replaced == c.replaced);
  }
}

TEST_CASE("charset: labels follow the WHATWG Encoding Standard") {
  struct Case {
    const char* label;
    const char* charset;
  } cases[] = {
      {"UTF-8", "utf-8"},           {" utf8 ", "utf-8"},        {"ISO-8859-1", "windows-1252"},
      {"us-ascii", "windows-1252"}, {"latin1", "windows-1252"}, {"Windows-1251", "windows-1251"},
      {"iso-8859-2", "iso-8859-2"}, {"Shift_JIS", "shift_jis"}, {"gb2312", "gbk"},
      {"\"koi8-r\"", "koi8-r"},     {"nonsense", ""},           {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    CHECK(CharsetForLabel(c.label) == c.charset);
  }
  CHECK(CharsetParameter("text/html; charset=\"utf-8\"; x=y") == "utf-8");
  CHECK(CharsetParameter("text/html; notcharset=x") == "");
  CHECK(CharsetParameter("text/html") == "");
}

TEST_CASE("charset: a large body converts fully") {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "caf\xE9 ";
  DecodedText text = DecodeHtml(body, "text/html; charset=windows-1252");
  CHECK(text.utf8.size() == body.size() + 20000);
  CHECK(text.replaced == 0);
}

TEST_CASE("windows-1252 and BOM pages reach the handler as UTF-8") {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<a href=\"/legacy\">l</a><a href=\"/bom\">b</a><a href=\"/meta\">m</a>"
        "<a href=\"/data.bin\">d</a>",
        "text/html");
  });
  server.server().Get("/legacy", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<p>Caf\xE9 \x96 ethics\x85</p>", "text/html; charset=windows-1252");
  });
  server.server().Get("/bom", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("\xEF\xBB\xBF<p>\xC3\xA9</p>", "text/html; charset=iso-8859-1");
  });
  server.server().Get("/meta", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<meta charset=iso-8859-1><p>\xE9</p>", "text/html");
  });
  server.server().Get("/data.bin", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string("\xE9\x00\xFF", 3), "application/octet-stream");
  });
  server.Start();
  RecordingHandler handler;
  Result<CrawlStats> stats = CrawlSource(LoopbackSpec(server.Url("/")), kNoValidators, handler);
  REQUIRE(stats.ok());
  struct Case {
    const char* path;
    const char* charset;
    std::string body;
  } cases[] = {
      {"/legacy", "windows-1252", "<p>Caf\xC3\xA9 \xE2\x80\x93 ethics\xE2\x80\xA6</p>"},
      {"/bom", "utf-8", "<p>\xC3\xA9</p>"},
      {"/meta", "windows-1252", "<meta charset=iso-8859-1><p>\xC3\xA9</p>"},
      {"/data.bin", "", std::string("\xE9\x00\xFF", 3)},  // not HTML: bytes untouched
  };
  for (const Case& c : cases) {
    CAPTURE(c.path);
    const FetchedPage* page = handler.Page(server.Url(c.path));
    REQUIRE(page != nullptr);
    CHECK(page->charset == c.charset);
    CHECK(page->body == c.body);
  }
}

}  // namespace
}  // namespace cecat::crawler
