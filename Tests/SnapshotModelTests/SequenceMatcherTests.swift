import Testing

@testable import SnapshotModel

/// Expected values come from CPython 3's `difflib.SequenceMatcher(None, a, b).ratio()`.
@Suite struct SequenceMatcherTests {
  @Test(arguments: [
    ("", "", 1.0),
    ("a", "", 0.0),
    ("abcd", "bcde", 0.75),
    ("screen_light.png", "screen_dark.png", 0.7096774193548387),
    ("home/light.png", "home/dark.png", 0.6666666666666666),
    ("settings/dark.png", "home/dark.png", 0.6666666666666666),
    ("qabxcd", "abycdf", 0.6666666666666666),
    ("private Thread currentThread;", "private volatile Thread currentThread;", 0.8656716417910447),
    ("ünïcödé/名前.png", "unicode/名前.png", 0.7142857142857143),
  ])
  func matchesPython(a: String, b: String, expected: Double) {
    #expect(SequenceMatcher.ratio(a, b) == expected)
  }

  /// With 200 or more elements in `b`, elements seen more than len(b)/100+1 times are
  /// "popular" and dropped from the index, which changes the ratio a lot.
  @Test func appliesTheAutojunkRuleFromTwoHundredElements() {
    let a = String(repeating: "a", count: 150) + String(repeating: "b", count: 100)
    let b = String(repeating: "a", count: 120) + "c" + String(repeating: "b", count: 110)
    #expect(SequenceMatcher.ratio(a, b) == 0.498960498960499)
    #expect(SequenceMatcher(a, b, autojunk: false).ratio() == 0.9147609147609148)

    let c = "x/" + String(repeating: "ab", count: 120) + ".png"
    let d = "y/" + String(repeating: "ab", count: 119) + "c.png"
    #expect(SequenceMatcher.ratio(c, d) == 0.9898167006109979)

    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    let e = String((0..<300).map { letters[($0 * 7) % 26] })
    let f = String((0..<260).map { letters[($0 * 11) % 26] })
    #expect(SequenceMatcher.ratio(e, f) == 0.0035714285714285713)
    #expect(SequenceMatcher(e, f, autojunk: false).ratio() == 0.3142857142857143)
  }

  @Test func pairsGreedilyLikeSentryIncludingItsTieBreak() {
    // Python: _match_by_name_similarity(sorted(added), sorted(removed)).
    let first = Categorizer.pairBySimilarity(
      added: ["blank.png", "home_dark.png", "settings_dark.png"],
      removed: ["empty.png", "old/home_dark.png", "old/settings_dark.png"])
    #expect(first.map { "\($0.0)>\($0.1)" } == [
      "settings_dark.png>old/settings_dark.png", "home_dark.png>old/home_dark.png", "blank.png>empty.png",
    ])
    // Equal ratios: sort(reverse=True) on (ratio, ai, ri) takes the highest indices first.
    let ties = Categorizer.pairBySimilarity(added: ["ab.png", "ba.png"], removed: ["xy.png", "yx.png"])
    #expect(ties.map { "\($0.0)>\($0.1)" } == ["ba.png>yx.png", "ab.png>xy.png"])
    let uneven = Categorizer.pairBySimilarity(added: ["a1.png", "a2.png", "a3.png"], removed: ["b1.png", "b2.png"])
    #expect(uneven.map { "\($0.0)>\($0.1)" } == ["a2.png>b2.png", "a1.png>b1.png"])
  }
}
