import JSONCore
import SWHWeb
import Testing

@Suite struct YAMLWriterTests {
  /// Documents and the bytes PyYAML 6.0.4 `yaml.dump(doc, encoding="utf-8",
  /// allow_unicode=True, default_flow_style=False)` wrote for them (swh-web's renderer).
  static let expectations = ##"{"sample": {"doc": {"id": "6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a", "branches": {"refs/heads/master": {"target": "83c20a6a63a7ebc1a549d367bc07a61b926cecf3", "target_type": "revision", "target_url": "https://archive.softwareheritage.org/api/1/revision/83c20a6a63a7ebc1a549d367bc07a61b926cecf3/"}, "refs/heads/wiki": {"target": "71f667aeb5d02562f2fa0941ad91df69c474ff3b", "target_type": "revision", "target_url": "https://archive.softwareheritage.org/api/1/revision/71f667aeb5d02562f2fa0941ad91df69c474ff3b/"}, "refs/tags/dpkt-1.6": {"target": "7fc0fd582812af36064d1c85fe51e33227920479", "target_type": "revision", "target_url": "https://archive.softwareheritage.org/api/1/revision/7fc0fd582812af36064d1c85fe51e33227920479/"}, "refs/tags/dpkt-1.7": {"target": "0c9dbfbc0974ec8ac1d8253aa1092366a03633a8", "target_type": "revision", "target_url": "https://archive.softwareheritage.org/api/1/revision/0c9dbfbc0974ec8ac1d8253aa1092366a03633a8/"}}, "next_branch": null}, "yaml": "branches:\n  refs/heads/master:\n    target: 83c20a6a63a7ebc1a549d367bc07a61b926cecf3\n    target_type: revision\n    target_url: https://archive.softwareheritage.org/api/1/revision/83c20a6a63a7ebc1a549d367bc07a61b926cecf3/\n  refs/heads/wiki:\n    target: 71f667aeb5d02562f2fa0941ad91df69c474ff3b\n    target_type: revision\n    target_url: https://archive.softwareheritage.org/api/1/revision/71f667aeb5d02562f2fa0941ad91df69c474ff3b/\n  refs/tags/dpkt-1.6:\n    target: 7fc0fd582812af36064d1c85fe51e33227920479\n    target_type: revision\n    target_url: https://archive.softwareheritage.org/api/1/revision/7fc0fd582812af36064d1c85fe51e33227920479/\n  refs/tags/dpkt-1.7:\n    target: 0c9dbfbc0974ec8ac1d8253aa1092366a03633a8\n    target_type: revision\n    target_url: https://archive.softwareheritage.org/api/1/revision/0c9dbfbc0974ec8ac1d8253aa1092366a03633a8/\nid: 6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a\nnext_branch: null\n"}, "odd": {"doc": {"branches": {"yes": null, "123": {"target": "1234567890123456789012345678901234567890", "target_type": "revision"}, "trailing ": null, "esc\u001b[31m": null, "multi\nline": null, "emoji \ud83d\ude00": null, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": {"target": "x", "target_type": "alias"}, "": null, "- dash": null, "key: colon": null, "#hash": null, "it's": null, "nbsp\u00a0x": null, "tab\there": null, "c1\u009b": null, "\\xff\\\\": null, "~": null, "0x1F": null, "1.5e+3": null, "2001-12-14": null, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy": null}, "id": "0000000000000000000000000000000000000000", "decoding_failures": ["next_branch"], "next_branch": "long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long ", "empty": {}, "emptylist": [], "quoted": "it's a \"test\" with a long text that goes beyond the eighty column limit of pyyaml ok", "ctrl": "line1 with spaces and more spaces and more spaces and more and more\u0001 and more text here to wrap wrap wrap"}, "yaml": "branches:\n  ? ''\n  : null\n  '#hash': null\n  '- dash': null\n  '0x1F': null\n  '1.5e+3': null\n  '123':\n    target: '1234567890123456789012345678901234567890'\n    target_type: revision\n  '2001-12-14': null\n  \\xff\\\\: null\n  ? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  : target: x\n    target_type: alias\n  \"c1\\x9B\": null\n  emoji \ud83d\ude00: null\n  \"esc\\e[31m\": null\n  it's: null\n  'key: colon': null\n  ? 'multi\n\n    line'\n  : null\n  nbsp\u00a0x: null\n  \"tab\\there\": null\n  'trailing ': null\n  ? xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n    yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n  : null\n  'yes': null\n  '~': null\nctrl: \"line1 with spaces and more spaces and more spaces and more and more\\x01 and\\\n  \\ more text here to wrap wrap wrap\"\ndecoding_failures:\n- next_branch\nempty: {}\nemptylist: []\nid: '0000000000000000000000000000000000000000'\nnext_branch: 'long long long long long long long long long long long long long long\n  long long long long long long long long long long long long long long long long '\nquoted: it's a \"test\" with a long text that goes beyond the eighty column limit of\n  pyyaml ok\n"}, "error": {"doc": {"exception": "ValidationError", "reason": {"branches_count": ["A valid integer is required."], "target_types": ["Valid target type values are: content, directory, revision, release, snapshot, alias"]}}, "yaml": "exception: ValidationError\nreason:\n  branches_count:\n  - A valid integer is required.\n  target_types:\n  - 'Valid target type values are: content, directory, revision, release, snapshot,\n    alias'\n"}}"##

  /// Where snaprev departs from PyYAML: NEL, line/paragraph separators and bidi controls are
  /// written escaped in double quotes, never raw.
  @Test func terminalUnsafeCharactersAreEscaped() {
    let document = JSONValue.object([
      ("\u{85}nel", .null), ("rtl\u{202E}txt", .string("a\u{2028}b")),
    ])
    let written = String(decoding: YAMLWriter.document(document), as: UTF8.self)
    #expect(written == "\"rtl\\u202Etxt\": \"a\\Lb\"\n? \"\\Nnel\"\n: null\n")
  }

  /// Numbers with a fraction, as PyYAML 6.0.3 `yaml.dump({"a": 0.5, "b": 1e16, "c": -2.0,
  /// "d": 1e-7}, allow_unicode=True, default_flow_style=False)` wrote them.
  @Test func floatsAsPyYAMLRepresentsThem() {
    let document: JSONValue = .object([("a", .double(0.5)), ("b", .double(1e16)), ("c", .double(-2)), ("d", .double(1e-7))])
    let written = String(decoding: YAMLWriter.document(document), as: UTF8.self)
    #expect(written == "a: 0.5\nb: 1.0e+16\nc: -2.0\nd: 1.0e-07\n")
  }

  @Test(arguments: ["sample", "odd", "error"])
  func matchesPyYAML(name: String) throws {
    let all = try JSONParser.parse(Array(Self.expectations.utf8), options: .documentOrder)
    let entry = try #require(all[name])
    let document = try #require(entry["doc"])
    guard case .string(let expected)? = entry["yaml"] else {
      Issue.record("no expected YAML for \(name)")
      return
    }
    let written = String(decoding: YAMLWriter.document(document), as: UTF8.self)
    #expect(written == expected)
  }
}
