#include "crawler/sitemap.h"

#include <expat.h>
#include <zlib.h>

#include <cctype>
#include <cstring>
#include <ctime>

#include "common/ascii.h"

namespace cecat::crawler {

namespace {

// The protocol allows 50,000 entries per file; more are reported and dropped.
constexpr size_t kMaxEntries = 50000;

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

struct ParserFree {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};
using XmlParser = std::unique_ptr<XML_ParserStruct, ParserFree>;

// Owns an inflate stream: inflateEnd frees zlib's state however Gunzip returns.
// Heap-allocated because zlib's state points back at the z_stream, so it must not
// move (as feed/detail/gzip_writer.h does for deflate).
struct InflateEnd {
  void operator()(z_stream* stream) const {
    inflateEnd(stream);
    std::default_delete<z_stream>()(stream);
  }
};
using InflateStream = std::unique_ptr<z_stream, InflateEnd>;

}  // namespace

struct SitemapParser::State {
  XmlParser parser;
  Sitemap out;
  enum class Mode { kUndecided, kXml, kText } mode = Mode::kUndecided;
  bool failed = false;
  int line = 1;         // text mode
  std::string partial;  // text mode: an unfinished line
  std::vector<std::string> stack;
  std::string text;
  SitemapEntry current;
  bool dropped_reported = false;
  // Diagnostics are capped too: 50 MB of "<url></url>" would otherwise give four
  // million "entry without <loc>" messages (hundreds of MB).
  DiagnosticList diagnostics{kSitemapMaxDiagnostics};

  void Report(int at, std::string message,
              Diagnostic::Severity severity = Diagnostic::Severity::kWarning) {
    diagnostics.Add(
        {.severity = severity, .where = "sitemap", .line = at, .message = std::move(message)});
  }
  int XmlLine() const { return static_cast<int>(XML_GetCurrentLineNumber(parser.get())); }

  void Add(std::vector<SitemapEntry>& list, int at) {
    if (current.loc.empty()) {
      Report(at, "entry without <loc> ignored");
      return;
    }
    if (out.urls.size() + out.sitemaps.size() >= kMaxEntries) {
      if (!dropped_reported) Report(at, "more than 50000 entries; the rest are ignored");
      dropped_reported = true;
      return;
    }
    list.push_back(std::move(current));
  }

  static void OnStart(void* user, const XML_Char* name, const XML_Char** /*attributes*/) {
    auto* s = static_cast<State*>(user);
    std::string_view local = LocalName(name);
    if (s->stack.empty()) {
      if (local == "sitemapindex") {
        s->out.is_index = true;
      } else if (local != "urlset") {
        s->Report(s->XmlLine(), "root element <" + std::string(name) +
                                    "> is neither <urlset> nor <sitemapindex>");
      }
    }
    if (local == "url" || local == "sitemap") s->current = SitemapEntry();
    s->text.clear();
    s->stack.emplace_back(local);
  }

  static void OnEnd(void* user, const XML_Char* name) {
    auto* s = static_cast<State*>(user);
    std::string_view local = LocalName(name);
    std::string parent = s->stack.size() >= 2 ? s->stack[s->stack.size() - 2] : "";
    // <loc> of an extension (image:loc inside image:image) has another parent.
    bool in_entry = parent == "url" || parent == "sitemap";
    if (local == "loc" && in_entry) s->current.loc = std::string(Trim(s->text));
    if (local == "lastmod" && in_entry) s->current.lastmod = std::string(Trim(s->text));
    if (local == "url" && s->stack.size() == 2) s->Add(s->out.urls, s->XmlLine());
    if (local == "sitemap" && s->stack.size() == 2) s->Add(s->out.sitemaps, s->XmlLine());
    s->text.clear();
    if (!s->stack.empty()) s->stack.pop_back();
  }

  static void OnText(void* user, const XML_Char* data, int length) {
    auto* s = static_cast<State*>(user);
    if (!s->stack.empty() && (s->stack.back() == "loc" || s->stack.back() == "lastmod")) {
      s->text.append(data, static_cast<size_t>(length));
    }
  }

  void StartXml() {
    mode = Mode::kXml;
    parser.reset(XML_ParserCreate(nullptr));
    if (!parser) {
      Report(0, "out of memory creating the XML parser", Diagnostic::Severity::kError);
      failed = true;
      return;
    }
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(parser.get(), &State::OnStart, &State::OnEnd);
    XML_SetCharacterDataHandler(parser.get(), &State::OnText);
  }

  void FeedXml(std::string_view chunk, bool final) {
    if (failed) return;
    while (!chunk.empty() || final) {
      size_t n = std::min<size_t>(chunk.size(), 1 << 20);
      if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(n), final && n == chunk.size()) ==
          XML_STATUS_ERROR) {
        Report(XmlLine(),
               std::string("XML error: ") + XML_ErrorString(XML_GetErrorCode(parser.get())) +
                   "; entries before it are kept",
               Diagnostic::Severity::kError);
        failed = true;
        return;
      }
      chunk.remove_prefix(n);
      if (chunk.empty()) break;
    }
  }

  void TextLine(std::string_view text_line) {
    if (line == 1 && text_line.substr(0, 3) == "\xEF\xBB\xBF") text_line.remove_prefix(3);
    text_line = Trim(text_line);
    if (!text_line.empty()) {
      if (text_line.rfind("http://", 0) == 0 || text_line.rfind("https://", 0) == 0) {
        current = SitemapEntry{std::string(text_line), ""};
        Add(out.urls, line);
      } else {
        Report(line, "not a URL: \"" + std::string(text_line.substr(0, 80)) + "\"");
      }
    }
    ++line;
  }

  void FeedText(std::string_view chunk) {
    partial.append(chunk);
    size_t start = 0, nl;
    while ((nl = partial.find('\n', start)) != std::string::npos) {
      TextLine(std::string_view(partial).substr(start, nl - start));
      start = nl + 1;
    }
    partial.erase(0, start);
  }
};

SitemapParser::SitemapParser() : state_(std::make_unique<State>()) {}
SitemapParser::~SitemapParser() = default;

void SitemapParser::Feed(std::string_view chunk) {
  State& s = *state_;
  if (s.mode == State::Mode::kUndecided) {
    std::string_view rest = chunk;
    if (s.partial.empty() && rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) {
      rest.remove_prefix(1);
    }
    if (rest.empty()) {
      s.partial.append(chunk);  // whitespace only so far
      return;
    }
    bool xml = rest.front() == '<';
    std::string buffered = std::move(s.partial);
    s.partial.clear();
    if (xml) {
      s.StartXml();
      s.FeedXml(buffered, false);
      s.FeedXml(chunk, false);
    } else {
      s.mode = State::Mode::kText;
      s.FeedText(buffered);
      s.FeedText(chunk);
    }
    return;
  }
  if (s.mode == State::Mode::kXml) {
    s.FeedXml(chunk, false);
  } else {
    s.FeedText(chunk);
  }
}

Sitemap SitemapParser::Finish() {
  State& s = *state_;
  if (s.mode == State::Mode::kXml) {
    s.FeedXml({}, true);
  } else if (s.mode == State::Mode::kText) {
    if (!s.partial.empty()) s.TextLine(s.partial);
  } else {
    s.Report(0, "empty sitemap");
  }
  s.out.diagnostics = s.diagnostics.Take();
  return std::move(s.out);
}

Result<std::string> Gunzip(std::string_view data, int64_t max_bytes) {
  // inflateEnd on a stream whose init failed is a harmless no-op (Z_STREAM_ERROR).
  InflateStream stream(std::make_unique<z_stream>().release());
  z_stream& z = *stream;
  // 15 + 32: the largest window, and zlib detects the gzip (or zlib) header.
  if (inflateInit2(&z, 15 + 32) != Z_OK) return Status::Internal("inflateInit2 failed");
  std::string out;
  char buffer[65536];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      return Status::ParseError("gzip data is corrupt" +
                                std::string(z.msg ? std::string(": ") + z.msg : ""));
    }
    out.append(buffer, sizeof buffer - z.avail_out);
    if (static_cast<int64_t>(out.size()) > max_bytes) {
      return Status::LimitExceeded("inflates to more than " + std::to_string(max_bytes) + " bytes");
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      return Status::ParseError("gzip data is truncated");
    }
  }
  return out;
}

Sitemap ParseSitemap(std::string_view body) {
  std::string inflated;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
      static_cast<unsigned char>(body[1]) == 0x8b) {
    Result<std::string> plain = Gunzip(body, kSitemapMaxBytes);
    if (!plain.ok()) {
      Sitemap failed;
      failed.diagnostics.push_back({.severity = Diagnostic::Severity::kError,
                                    .where = "sitemap",
                                    .message = "gzip: " + plain.status().message()});
      return failed;
    }
    inflated = std::move(*plain);
    body = inflated;
  }
  SitemapParser parser;
  parser.Feed(body);
  return parser.Finish();
}

std::optional<std::chrono::system_clock::time_point> ParseW3cDatetime(std::string_view text) {
  text = Trim(text);
  auto digits = [&](size_t at, size_t n, int& value) {
    if (at + n > text.size()) return false;
    value = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
      value = value * 10 + (text[i] - '0');
    }
    return true;
  };
  std::tm tm{};
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  if (!digits(0, 4, year)) return std::nullopt;
  enum { kYear, kMonth, kDay, kTime } precision = kYear;
  size_t at = 4;
  if (at < text.size()) {
    if (text[at] != '-' || !digits(at + 1, 2, month)) return std::nullopt;
    precision = kMonth;
    at += 3;
  }
  if (at < text.size()) {
    if (text[at] != '-' || !digits(at + 1, 2, day)) return std::nullopt;
    precision = kDay;
    at += 3;
  }
  int offset_minutes = 0;
  if (at < text.size()) {
    if ((text[at] != 'T' && text[at] != 't') || !digits(at + 1, 2, hour) || at + 3 >= text.size() ||
        text[at + 3] != ':' || !digits(at + 4, 2, minute)) {
      return std::nullopt;
    }
    precision = kTime;
    at += 6;
    if (at < text.size() && text[at] == ':') {
      if (!digits(at + 1, 2, second)) return std::nullopt;
      at += 3;
      if (at < text.size() && text[at] == '.') {
        ++at;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
      }
    }
    if (at < text.size()) {
      if (text[at] == 'Z' || text[at] == 'z') {
        ++at;
      } else if (text[at] == '+' || text[at] == '-') {
        int oh = 0, om = 0;
        if (!digits(at + 1, 2, oh) || at + 3 >= text.size() || text[at + 3] != ':' ||
            !digits(at + 4, 2, om)) {
          return std::nullopt;
        }
        offset_minutes = (text[at] == '+' ? 1 : -1) * (oh * 60 + om);
        at += 6;
      }
    }
    if (at != text.size()) return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  // system_clock counts nanoseconds: about 1678 to 2262 fit. A <lastmod> outside
  // 1900-2200 is junk (found by fuzz_sitemap: year 9999 overflowed the conversion).
  if (year < 1900 || year > 2200) return std::nullopt;
  // The end of a date-only period: the next year, month or day.
  if (precision == kYear) ++year;
  if (precision == kMonth) ++month;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = precision == kDay ? day + 1 : day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  time_t t = timegm(&tm);  // normalises month 13 and day 32
  if (t == static_cast<time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t) - std::chrono::minutes(offset_minutes);
}

}  // namespace cecat::crawler
