#include "crawler/detail/link_inbox.h"

#include "crawler/crawler.h"
#include "crawler/detail/curl_api.h"

namespace cecat::crawler {

namespace detail {

void LinkInbox::Put(int depth, std::vector<std::string> links) {
  std::lock_guard<std::mutex> lock(mu_);
  done_.emplace_back(depth, std::move(links));
  // Under the lock: the crawl clears multi_ under it before cleaning up.
  if (multi_ != nullptr && std::find(loop_threads_.begin(), loop_threads_.end(),
                                     std::this_thread::get_id()) == loop_threads_.end()) {
    Curl().multi_wakeup(multi_);
  }
}

std::vector<LinkInbox::Entry> LinkInbox::Take() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(done_, {});
}

void LinkInbox::Open(CURLM* multi) {
  std::lock_guard<std::mutex> lock(mu_);
  multi_ = multi;
  loop_threads_.assign(1, std::this_thread::get_id());
}

void LinkInbox::AddLoopThread() {
  std::lock_guard<std::mutex> lock(mu_);
  loop_threads_.push_back(std::this_thread::get_id());
}

void LinkInbox::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  multi_ = nullptr;
}

}  // namespace detail

PageTicket::PageTicket(std::shared_ptr<LinkSink> inbox, int depth)
    : inbox_(std::move(inbox)), depth_(depth) {}

PageTicket::PageTicket(PageTicket&& other) noexcept
    : inbox_(std::move(other.inbox_)), depth_(other.depth_) {}

PageTicket& PageTicket::operator=(PageTicket&& other) noexcept {
  if (this != &other) {
    if (inbox_) inbox_->Put(depth_, {});
    inbox_ = std::move(other.inbox_);
    depth_ = other.depth_;
  }
  return *this;
}

PageTicket::~PageTicket() {
  if (inbox_) inbox_->Put(depth_, {});
}

void PageTicket::Done(std::vector<std::string> links) {
  if (!inbox_) return;
  inbox_->Put(depth_, std::move(links));
  inbox_.reset();
}

}  // namespace cecat::crawler
