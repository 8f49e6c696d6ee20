// Where a request ends, as the intake reads it: it must agree with cpp-httplib, which
// parses the same bytes afterwards, and refuse what is too large or cannot be framed.
#include "server/intake.h"

#include <gtest/gtest.h>

namespace collegium::server {
namespace {

using State = Framing::State;

Framing frame(std::string_view bytes) {
  return frame_request(bytes, 1024, 100);
}

TEST(Intake, ARequestEndsWhereItsHeadAndBodyEnd) {
  std::string get = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(frame(get).state, State::kDone);
  EXPECT_EQ(frame(get).length, get.size());
  EXPECT_EQ(frame(get + "GET /next").length, get.size()) << "a pipelined request is not this one's";
  EXPECT_EQ(frame(get.substr(0, get.size() - 1)).state, State::kMore);
  // Lines ending in a bare LF are skipped, as cpp-httplib skips them.
  EXPECT_EQ(frame("GET / HTTP/1.1\r\nX: y\n\r\n").state, State::kDone);

  std::string post = "POST /api/commands HTTP/1.1\r\nContent-Length: 5\r\n\r\n";
  EXPECT_EQ(frame(post + "abc").state, State::kMore);
  EXPECT_EQ(frame(post + "abcde").length, post.size() + 5);
  EXPECT_EQ(frame(post + "abcdeGET").length, post.size() + 5);

  std::string chunked = "POST / HTTP/1.1\r\ntransfer-encoding: Chunked\r\n\r\n";
  EXPECT_EQ(frame(chunked + "3\r\nabc\r\n").state, State::kMore);
  std::string whole = chunked + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n";
  EXPECT_EQ(frame(whole).state, State::kDone);
  EXPECT_EQ(frame(whole + "next").length, whole.size());
}

TEST(Intake, WhatCannotBeFramedOrIsTooLargeIsRefused) {
  auto refused = [](std::string_view bytes, int status, std::string field = "") {
    Framing f = frame(bytes);
    EXPECT_EQ(f.state, State::kRefuse) << bytes;
    EXPECT_EQ(f.status, status) << bytes;
    if (!field.empty()) {
      EXPECT_EQ(f.field, field) << bytes;
    }
  };
  refused("GET / HTTP/1.1\r\nX: " + std::string(2000, 'x'), 431);
  refused(std::string(2000, 'G'), 431);
  refused("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 413);
  for (const char* bad : {"-1", "abc", "1e3", "12 3", "99999999999999999999999", ""}) {
    refused(std::string("POST / HTTP/1.1\r\nContent-Length: ") + bad + "\r\n\r\n", 400,
            "Content-Length");
  }
  std::string chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  refused(chunked + "65\r\n", 413);  // one chunk of 101 announced
  refused(chunked + "40\r\n" + std::string(64, 'x') + "\r\n40\r\n", 413);  // 128 in all
  refused(chunked + "FFFFFFFFFFFFFFFFFFFF\r\n", 413);
  refused(chunked + "zz\r\n", 400, "body");
  refused(chunked + "3\r\nabcXY", 400, "body");
  refused("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 400, "Transfer-Encoding");
}

TEST(Intake, AnExpectationOfContinueIsNoticed) {
  std::string head = "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
  EXPECT_TRUE(frame(head).expects_continue);
  EXPECT_FALSE(frame(head + "ab").expects_continue) << "the body has begun";
  EXPECT_FALSE(frame("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").expects_continue);
}

}  // namespace
}  // namespace collegium::server
