import Testing
import TextEscaping

struct PercentEncodingTests {
  @Test func lettersDigitsAndTheSafeSetStay() {
    #expect(PercentEncoding.encode("a b/ü;:~", keeping: "_.-~/;:") == "a%20b/%C3%BC;:~")
    #expect(PercentEncoding.encode("AZaz09") == "AZaz09")
    #expect(PercentEncoding.encode("a-b_c.d~e") == "a%2Db%5Fc%2Ed%7Ee")
    #expect(PercentEncoding.encode("%\u{0}\u{7F}") == "%25%00%7F")
    #expect(PercentEncoding.encode("") == "")
  }

  /// Non-ASCII is escaped byte by byte even if the safe set lists it.
  @Test func onlyASCIIIsEverSafe() {
    #expect(PercentEncoding.encode("é", keeping: "é") == "%C3%A9")
  }
}
