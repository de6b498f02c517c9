#include "crawler/sitemap.h"

#include <expat.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "common/ascii.h"
#include "crawler/detail/counted_memory.h"

namespace cecat::crawler {

namespace {

using detail::AccountScope;
using detail::MemoryAccount;

// The protocol allows 50,000 entries per file; more are reported and dropped.
constexpr size_t kMaxEntries = 50000;
// expat is given at most this much at a time, so its buffer (which takes the
// unparsed end of one piece plus the next) stays near this size.
constexpr size_t kXmlPieceBytes = 64 * 1024;
// Inflated gzip is handed on in pieces of this size.
constexpr size_t kInflateBufferBytes = 64 * 1024;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

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
  explicit State(int64_t max) : max_bytes(max) {}
  ~State() {
    // expat frees through the counted functions: give them the account.
    AccountScope scope(&memory);
    parser.reset();
    inflater.reset();
  }

  const int64_t max_bytes;
  MemoryAccount memory{kSitemapParserMaxMemory};
  XmlParser parser;
  Sitemap out;
  // Bytes as fed, and after inflating (the same for a file that is not gzip).
  int64_t raw_bytes = 0;
  int64_t decoded_bytes = 0;
  bool stopped = false;  // nothing more is read: cut off, corrupt gzip, XML error
  bool cut = false;      // past max_bytes
  // The first two bytes decide between gzip and not.
  enum class Coding { kUndecided, kPlain, kGzip } coding = Coding::kUndecided;
  std::string head;
  InflateStream inflater;
  bool inflate_ended = false;
  std::vector<char> inflated;  // kInflateBufferBytes, once gzip
  enum class Mode { kUndecided, kXml, kText } mode = Mode::kUndecided;
  bool failed = false;
  int line = 1;         // text mode
  std::string partial;  // text mode: an unfinished line; undecided: what came so far
  bool line_too_long = false;
  std::vector<std::string> stack;
  std::string text;
  bool text_too_long = false;
  SitemapEntry current;
  bool current_skipped = false;  // its <loc> was too long, already reported
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

  // The parser's own buffers, by what they have allocated.
  void Measure() {
    memory.own = partial.capacity() + text.capacity() + head.capacity() + inflated.capacity();
    memory.Note();
  }

  void CutOff(std::string message) {
    stopped = true;
    cut = true;
    Report(0, std::move(message) + "; entries after that are ignored",
           Diagnostic::Severity::kError);
  }

  void Add(std::vector<SitemapEntry>& list, int at) {
    if (current_skipped) return;
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
    if (local == "url" || local == "sitemap") {
      s->current = SitemapEntry();
      s->current_skipped = false;
    }
    s->text.clear();
    s->text_too_long = false;
    s->stack.emplace_back(local);
  }

  static void OnEnd(void* user, const XML_Char* name) {
    auto* s = static_cast<State*>(user);
    std::string_view local = LocalName(name);
    std::string parent = s->stack.size() >= 2 ? s->stack[s->stack.size() - 2] : "";
    // <loc> of an extension (image:loc inside image:image) has another parent.
    bool in_entry = parent == "url" || parent == "sitemap";
    if ((local == "loc" || local == "lastmod") && in_entry && s->text_too_long) {
      s->Report(s->XmlLine(), "<" + std::string(local) + "> longer than " +
                                  std::to_string(kSitemapMaxValueBytes) + " bytes ignored");
      if (local == "loc") s->current_skipped = true;
    } else if (local == "loc" && in_entry) {
      s->current.loc = std::string(Trim(s->text));
    } else if (local == "lastmod" && in_entry) {
      s->current.lastmod = std::string(Trim(s->text));
    }
    if (local == "url" && s->stack.size() == 2) s->Add(s->out.urls, s->XmlLine());
    if (local == "sitemap" && s->stack.size() == 2) s->Add(s->out.sitemaps, s->XmlLine());
    s->text.clear();
    s->text_too_long = false;
    if (!s->stack.empty()) s->stack.pop_back();
  }

  static void OnText(void* user, const XML_Char* data, int length) {
    auto* s = static_cast<State*>(user);
    if (s->text_too_long || s->stack.empty()) return;
    if (s->stack.back() != "loc" && s->stack.back() != "lastmod") return;
    // A value is held until its end tag: past kSitemapMaxValueBytes it is dropped,
    // so no value can grow the parser's memory.
    if (s->text.size() + static_cast<size_t>(length) > kSitemapMaxValueBytes) {
      s->text_too_long = true;
      s->text.clear();
      return;
    }
    s->text.append(data, static_cast<size_t>(length));
  }

  void StartXml() {
    mode = Mode::kXml;
    AccountScope scope(&memory);
    parser.reset(XML_ParserCreate_MM(nullptr, &detail::kCountedExpatMemory, nullptr));
    if (!parser) {
      Report(0, "out of memory creating the XML parser", Diagnostic::Severity::kError);
      failed = true;
      stopped = true;
      return;
    }
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(parser.get(), &State::OnStart, &State::OnEnd);
    XML_SetCharacterDataHandler(parser.get(), &State::OnText);
  }

  void FeedXml(std::string_view chunk, bool final) {
    if (failed) return;
    AccountScope scope(&memory);
    while (!chunk.empty() || final) {
      size_t n = std::min(chunk.size(), kXmlPieceBytes);
      if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(n), final && n == chunk.size()) ==
          XML_STATUS_ERROR) {
        std::string why = memory.refused
                              ? "a tag or value needs more than " + std::to_string(memory.limit) +
                                    " bytes of parser memory"
                              : XML_ErrorString(XML_GetErrorCode(parser.get()));
        Report(XmlLine(), "XML error: " + why + "; entries before it are kept",
               Diagnostic::Severity::kError);
        failed = true;
        stopped = true;  // the rest cannot be read: no need to fetch it
        return;
      }
      chunk.remove_prefix(n);
      if (chunk.empty()) break;
    }
  }

  void TextLine(std::string_view text_line) {
    if (line == 1 && text_line.substr(0, 3) == kBom) text_line.remove_prefix(3);
    text_line = Trim(text_line);
    if (line_too_long || text_line.size() > kSitemapMaxValueBytes) {
      Report(line, "line longer than " + std::to_string(kSitemapMaxValueBytes) + " bytes ignored");
      line_too_long = false;
    } else if (!text_line.empty()) {
      if (text_line.rfind("http://", 0) == 0 || text_line.rfind("https://", 0) == 0) {
        current = SitemapEntry{std::string(text_line), ""};
        current_skipped = false;
        Add(out.urls, line);
      } else {
        Report(line, "not a URL: \"" + std::string(text_line.substr(0, 80)) + "\"");
      }
    }
    ++line;
  }

  // Keeps the start of an unfinished line, up to kSitemapMaxValueBytes.
  void KeepPartialLine(std::string_view piece) {
    if (line_too_long) return;
    if (partial.size() + piece.size() > kSitemapMaxValueBytes) {
      line_too_long = true;
      partial.clear();
      return;
    }
    partial.append(piece);
  }

  void FeedText(std::string_view chunk) {
    while (!chunk.empty()) {
      size_t nl = chunk.find('\n');
      if (nl == std::string_view::npos) return KeepPartialLine(chunk);
      if (partial.empty() && !line_too_long) {
        TextLine(chunk.substr(0, nl));
      } else {
        KeepPartialLine(chunk.substr(0, nl));
        std::string whole = std::move(partial);
        partial.clear();
        TextLine(whole);
      }
      chunk.remove_prefix(nl + 1);
    }
  }

  // Decides XML or text from the first byte that is not a BOM or whitespace; until
  // then what came is kept (up to kSitemapMaxValueBytes: more whitespace than that
  // is read as the text form).
  void FeedUndecided(std::string_view chunk) {
    std::string_view all = chunk;
    if (!partial.empty()) {
      partial.append(chunk);
      all = partial;
    }
    std::string_view rest = all;
    if (rest.size() < kBom.size() && kBom.substr(0, rest.size()) == rest) {
      if (partial.empty()) partial.assign(chunk);
      return;  // perhaps the start of a BOM
    }
    if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) {
      rest.remove_prefix(1);
    }
    if (rest.empty() && all.size() <= kSitemapMaxValueBytes) {
      if (partial.empty()) partial.assign(chunk);
      return;  // whitespace only so far
    }
    std::string buffered = std::move(partial);
    partial.clear();
    std::string_view whole = buffered.empty() ? chunk : std::string_view(buffered);
    if (!rest.empty() && rest.front() == '<') {
      StartXml();
      FeedXml(whole, false);
    } else {
      mode = Mode::kText;
      FeedText(whole);
    }
  }

  // The sitemap's bytes after inflating, capped at max_bytes.
  void FeedDecoded(std::string_view chunk) {
    int64_t room = max_bytes - decoded_bytes;
    bool over = static_cast<int64_t>(chunk.size()) > room;
    if (over) chunk = chunk.substr(0, static_cast<size_t>(std::max<int64_t>(0, room)));
    decoded_bytes += static_cast<int64_t>(chunk.size());
    if (mode == Mode::kUndecided) {
      FeedUndecided(chunk);
    } else if (mode == Mode::kXml) {
      FeedXml(chunk, false);
    } else {
      FeedText(chunk);
    }
    if (over) {
      CutOff(coding == Coding::kGzip
                 ? "gzip: inflates to more than " + std::to_string(max_bytes) + " bytes"
                 : "sitemap is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }

  void StartGzip() {
    coding = Coding::kGzip;
    inflater.reset(std::make_unique<z_stream>().release());
    inflater->zalloc = &detail::CountedZlibAlloc;
    inflater->zfree = &detail::CountedZlibFree;
    inflater->opaque = &memory;
    // 15 + 32: the largest window, and zlib detects the gzip (or zlib) header.
    if (inflateInit2(inflater.get(), 15 + 32) != Z_OK) {
      Report(0, "gzip: inflateInit2 failed", Diagnostic::Severity::kError);
      stopped = true;
      return;
    }
    inflated.resize(kInflateBufferBytes);
  }

  // Inflates `chunk` and passes the output on, one buffer at a time.
  void Inflate(std::string_view chunk) {
    z_stream& z = *inflater;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z.avail_in = static_cast<uInt>(chunk.size());
    while (!stopped && !inflate_ended && (z.avail_in > 0)) {
      z.next_out = reinterpret_cast<Bytef*>(inflated.data());
      z.avail_out = static_cast<uInt>(inflated.size());
      int rc = inflate(&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        Report(0,
               "gzip: gzip data is corrupt" + std::string(z.msg ? std::string(": ") + z.msg : ""),
               Diagnostic::Severity::kError);
        stopped = true;
        return;
      }
      size_t produced = inflated.size() - z.avail_out;
      if (produced > 0) FeedDecoded(std::string_view(inflated.data(), produced));
      // Whatever follows the end of the gzip data is ignored, as gunzip -q does.
      if (rc == Z_STREAM_END) inflate_ended = true;
      if (rc == Z_BUF_ERROR && produced == 0) break;
    }
  }

  void FeedCoded(std::string_view chunk) {
    if (coding == Coding::kGzip) {
      Inflate(chunk);
    } else {
      FeedDecoded(chunk);
    }
  }
};

SitemapParser::SitemapParser(int64_t max_bytes) : state_(std::make_unique<State>(max_bytes)) {}
SitemapParser::~SitemapParser() = default;

bool SitemapParser::Feed(std::string_view chunk) {
  State& s = *state_;
  if (s.stopped) return false;
  // The cap counts the bytes as sent, too: a gzip file larger than it cannot
  // inflate to a sitemap within it.
  int64_t room = s.max_bytes - s.raw_bytes;
  bool over = static_cast<int64_t>(chunk.size()) > room;
  if (over) chunk = chunk.substr(0, static_cast<size_t>(std::max<int64_t>(0, room)));
  s.raw_bytes += static_cast<int64_t>(chunk.size());
  if (s.coding == State::Coding::kUndecided) {
    size_t take = std::min(chunk.size(), 2 - s.head.size());
    s.head.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (s.head.size() == 2) {
      bool gzip = static_cast<unsigned char>(s.head[0]) == 0x1f &&
                  static_cast<unsigned char>(s.head[1]) == 0x8b;
      if (gzip) {
        s.StartGzip();
      } else {
        s.coding = State::Coding::kPlain;
      }
      std::string head = std::move(s.head);
      s.head.clear();
      if (!s.stopped) s.FeedCoded(head);
    }
  }
  if (!s.stopped && !chunk.empty()) s.FeedCoded(chunk);
  if (over && !s.stopped) {
    s.CutOff("sitemap is larger than " + std::to_string(s.max_bytes) + " bytes");
  }
  s.Measure();
  return !s.stopped;
}

Sitemap SitemapParser::Finish() {
  State& s = *state_;
  if (s.coding == State::Coding::kUndecided && !s.head.empty()) {
    s.coding = State::Coding::kPlain;  // a one-byte file
    std::string head = std::move(s.head);
    s.head.clear();
    s.FeedDecoded(head);
  }
  if (s.coding == State::Coding::kGzip && !s.inflate_ended && !s.stopped) {
    s.Report(0, "gzip: gzip data is truncated", Diagnostic::Severity::kError);
    s.stopped = true;
  }
  // A file cut off (or whose gzip broke) ends mid-way: expat is not asked to
  // finish it (it would only add "unclosed token"), and an unfinished last line is
  // not a URL.
  if (!s.stopped) {
    if (s.mode == State::Mode::kXml) {
      s.FeedXml({}, true);
    } else if (s.mode == State::Mode::kText) {
      if (!s.partial.empty() || s.line_too_long) {
        std::string last = std::move(s.partial);
        s.partial.clear();
        s.TextLine(last);
      }
    } else {
      s.Report(0, "empty sitemap");
    }
  }
  s.Measure();
  s.out.diagnostics = s.diagnostics.Take();
  return std::move(s.out);
}

bool SitemapParser::cut_off() const { return state_->cut; }

size_t SitemapParser::memory_bytes() const { return state_->memory.current + state_->memory.own; }

size_t SitemapParser::peak_memory_bytes() const { return state_->memory.peak; }

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
