import JSONCore
import SWHModel
import SWHTestSupport
import SWHWeb
import TestSupport
import Testing

@Suite struct SnapshotAPITests {
  private func respond(
    _ list: BranchList, id: String? = nil, from: String? = nil, count: String? = nil, types: String? = nil,
    base: String = SnapshotAPI.defaultBaseURL
  ) throws -> SnapshotResponse {
    let request = try SnapshotAPI.validate(id: id ?? list.id.hex, branchesFrom: from, count: count, targetTypes: types).get()
    return SnapshotAPI.respond(to: request, from: list, baseURL: base)
  }

  private func error(id: String = "6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a", from: String? = nil, count: String? = nil, types: String? = nil) throws -> APIError {
    switch SnapshotAPI.validate(id: id, branchesFrom: from, count: count, targetTypes: types) {
    case .success(let request): throw TestDataError("unexpectedly valid: \(request)")
    case .failure(let error): return error
    }
  }

  private func text(_ value: JSONValue) -> String {
    String(decoding: JSONWriter.bytes(value, style: .compactDRF), as: UTF8.self)
  }

  @Test func reproducesTheRecorded4BranchResponse() throws {
    let recorded = try SWHTestData.sample4Body()
    let list = try SWHTestData.list(pages: [recorded])
    #expect(list.id.hex == "6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a")
    let response = try respond(list)
    #expect(response.body == recorded)
    #expect(JSONWriter.bytes(response.body, style: .compactDRF) == JSONWriter.bytes(recorded, style: .compactDRF))
    #expect(response.nextLink == nil)
  }

  @Test func reproducesBothPagesOfThe1391BranchSnapshot() throws {
    let pages = try SWHTestData.cabcc7d7Pages()
    let list = try SWHTestData.cabcc7d7List()
    let first = try respond(list)
    #expect(first.body == pages[0])
    #expect(
      first.nextLink
        == "https://archive.softwareheritage.org/api/1/snapshot/cabcc7d7bf639bbe1cc3b41989e1806618dd5764/?branches_count=1000&branches_from=refs/tags/v3.0-rc7"
    )
    let second = try respond(list, from: "refs/tags/v3.0-rc7")
    #expect(second.body == pages[1])
    #expect(second.nextLink == nil)
    // The alias on page 1 resolves within the page.
    guard case .object(let branches)? = first.body["branches"] else { throw TestDataError("no branches") }
    #expect(branches.members.first?.key == "HEAD")
    #expect(branches.members.first?.value["target_url"] == .string("https://archive.softwareheritage.org/api/1/revision/d96d875ef5dd372f533059a44f98e92de9cf0d42/"))
  }

  @Test func pagingIsInclusiveAndByteOrdered() throws {
    let list = try SWHTestData.cabcc7d7List()
    let page = try respond(list, from: "refs/pull/10/head", count: "2")
    guard case .object(let branches)? = page.body["branches"] else { throw TestDataError("no branches") }
    #expect(branches.map(\.key) == ["refs/pull/10/head", "refs/pull/100/head"])
    #expect(page.body["next_branch"] == .string("refs/pull/102/head"))
    #expect(page.nextLink?.hasSuffix("?branches_count=2&branches_from=refs/pull/102/head") == true)
    // A start between names begins at the next name.
    let between = try respond(list, from: "refs/pull/10/hea", count: "1")
    #expect(between.body["next_branch"] == .string("refs/pull/100/head"))
  }

  @Test func countZeroReturnsNoBranchesButANextBranch() throws {
    let list = try SWHTestData.cabcc7d7List()
    let page = try respond(list, count: "0")
    #expect(page.body["branches"] == .object([]))
    #expect(page.body["next_branch"] == .string("HEAD"))
  }

  @Test func targetTypesFilterBeforeTheLimitAndDropDangling() throws {
    let rev = DerivedVectors.revision
    let list = try SWHTestData.list([
      Branch(name: "a", target: .dangling), Branch(name: "b", target: .object(.revision, rev)),
      Branch(name: "c", target: .object(.release, DerivedVectors.release)), Branch(name: "d", target: .dangling),
      Branch(name: "e", target: .object(.release, DerivedVectors.release)), Branch(name: "f", target: .alias(Array("b".utf8))),
    ])
    let releases = try respond(list, count: "1", types: "release")
    guard case .object(let branches)? = releases.body["branches"] else { throw TestDataError("no branches") }
    #expect(branches.map(\.key) == ["c"])
    #expect(releases.body["next_branch"] == .string("e"))
    #expect(releases.nextLink?.hasSuffix("?branches_count=1&branches_from=e&target_types=release") == true)
    let two = try respond(list, types: " alias , revision ")
    guard case .object(let twoBranches)? = two.body["branches"] else { throw TestDataError("no branches") }
    #expect(twoBranches.map(\.key) == ["b", "f"])
    // The alias target lies in the page; the dangling ones are gone.
    #expect(twoBranches.members[1].value["target_url"] == .string("https://archive.softwareheritage.org/api/1/revision/\(rev.hex)/"))
    let all = try respond(list)
    #expect(all.body["branches"]?["a"] == .null)
    #expect(text(try #require(all.body["branches"]?["a"])) == "null")
  }

  @Test func aliasTargetURLs() throws {
    let rev = DerivedVectors.revision
    let list = try SWHTestData.list([
      Branch(name: "HEAD", target: .alias(Array("refs/heads/main".utf8))),
      Branch(name: "chain", target: .alias(Array("HEAD".utf8))),
      Branch(name: "gone", target: .alias(Array("nowhere".utf8))),
      Branch(name: "loop1", target: .alias(Array("loop2".utf8))),
      Branch(name: "loop2", target: .alias(Array("loop1".utf8))),
      Branch(name: "self", target: .alias(Array("self".utf8))),
      Branch(name: "to-dangling", target: .alias(Array("zz-dangling".utf8))),
      Branch(name: "to-pull", target: .alias(Array("refs/pull/1/head".utf8))),
      Branch(name: "refs/heads/main", target: .object(.revision, rev)),
      Branch(name: "refs/pull/1/head", target: .object(.revision, rev)),
      Branch(name: "snap", target: .object(.snapshot, rev)),
      Branch(name: "file", target: .object(.content, rev)),
      Branch(name: "tree", target: .object(.directory, rev)),
      Branch(name: "zz-dangling", target: .dangling),
    ])
    let body = try respond(list, base: "http://127.0.0.1:8080/").body
    let branches = try #require(body["branches"])
    let revisionURL = JSONValue.string("http://127.0.0.1:8080/api/1/revision/\(rev.hex)/")
    #expect(branches["HEAD"]?["target"] == .string("refs/heads/main"))
    #expect(branches["HEAD"]?["target_url"] == revisionURL)
    #expect(branches["chain"]?["target_url"] == revisionURL)
    #expect(branches["gone"]?["target_url"] == nil)
    #expect(branches["loop1"]?["target_url"] == nil)
    #expect(branches["self"]?["target_url"] == nil)
    #expect(branches["to-dangling"]?["target_url"] == nil)
    #expect(branches["to-pull"]?["target_url"] == revisionURL)
    #expect(branches["snap"]?["target_url"] == .string("http://127.0.0.1:8080/api/1/snapshot/\(rev.hex)/"))
    #expect(branches["file"]?["target_url"] == .string("http://127.0.0.1:8080/api/1/content/sha1_git:\(rev.hex)/"))
    #expect(branches["tree"]?["target_url"] == .string("http://127.0.0.1:8080/api/1/directory/\(rev.hex)/"))
    // Outside the page, swh-web looks the target up again: across the page boundary it still
    // resolves, except into refs/pull/ (its lookup excludes that prefix).
    let onlyAliases = try respond(list, count: "1", types: "alias", base: "http://127.0.0.1:8080").body
    #expect(onlyAliases["branches"]?["HEAD"]?["target_url"] == revisionURL)
    let pullAlias = try respond(list, from: "to-pull", count: "1").body
    #expect(pullAlias["branches"]?["to-pull"]?["target"] == .string("refs/pull/1/head"))
    #expect(pullAlias["branches"]?["to-pull"]?["target_url"] == nil)
  }

  @Test func nonUTF8NamesAreEscapedAndNextBranchReportsTheFailure() throws {
    let rev = DerivedVectors.revision
    let odd: [UInt8] = Array("refs/heads/".utf8) + [0xFF] + Array("\\x".utf8)
    let list = try SWHTestData.list([
      Branch(name: "a", target: .alias(odd)),
      Branch(name: odd, target: .object(.revision, rev)),
      Branch(name: Array("nul".utf8) + [0], target: .dangling),
    ])
    let first = try respond(list, count: "2").body
    #expect(text(first).contains(#""nul\\x00":null"#))
    #expect(first["branches"]?["a"]?["target"] == .string("refs/heads/\\xff\\\\x"))
    #expect(first["branches"]?["a"]?["target_url"] == .string("https://archive.softwareheritage.org/api/1/revision/\(rev.hex)/"))
    #expect(first["decoding_failures"] == .array([.string("next_branch")]))
    #expect(first["next_branch"] == .string("refs/heads/\\xff\\\\x"))
    guard case .object(let members) = first else { throw TestDataError("not an object") }
    #expect(members.map(\.key) == ["id", "branches", "decoding_failures", "next_branch"])
    // A valid UTF-8 next_branch is decoded plainly, backslash and all.
    let plain = try SWHTestData.list([Branch(name: "a", target: .dangling), Branch(name: "b\\c", target: .dangling)])
    let page = try respond(plain, count: "1").body
    #expect(page["next_branch"] == .string("b\\c"))
    #expect(page["decoding_failures"] == nil)
  }

  @Test func jsonOutputEscapesControlsSafely() throws {
    let list = try SWHTestData.list([Branch(name: Array("x\u{1b}[2J\u{9b}\u{2028}\u{202e}\"".utf8), target: .dangling)])
    let written = text(try respond(list).body)
    #expect(written.contains(#""x\u001b[2J\u009b\u2028\u202e\"":null"#))
    #expect(!hasRawControl(written, allowingNewlines: false))
  }

  // MARK: validation, with swh-web's shapes and messages

  @Test func badIdentifiers() throws {
    #expect(try error(id: "63ce369") == APIError(status: 400, body: .object([
      ("exception", .string("BadInputExc")),
      ("reason", .string("Invalid checksum query string 63ce369")),
    ])))
    #expect(try error(id: String(repeating: "a", count: 64)).body["reason"] == .string("Only sha1_git is supported."))
    #expect(try error(id: String(repeating: "a", count: 41)).body["reason"] == .string("Invalid checksum query string \(String(repeating: "a", count: 41))"))
    let route = try error(id: "xyz<")
    #expect(route.status == 404)
    #expect(text(route.body) == #"{"error":"Resource not found","reason":"The resource /api/1/snapshot/xyz&lt;/ could not be found on the server."}"#)
    #expect(try error(id: "").body["reason"] == .string("The resource /api/1/snapshot// could not be found on the server."))
    // Uppercase is redirected to the lowercase id; a SWHID prefix is accepted.
    let upper = try SnapshotAPI.validate(id: "6A3A2CF0B2B90CE7AE1CF0A221ED68035B686F5A", branchesFrom: nil, count: nil, targetTypes: nil).get()
    #expect(upper.id.hex == "6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a")
    let swhid = try SnapshotAPI.validate(id: "swh:1:snp:6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a", branchesFrom: nil, count: nil, targetTypes: nil).get()
    #expect(swhid == upper)
    #expect(text(SnapshotAPI.notFound(upper.id).body) == #"{"exception":"NotFoundExc","reason":"Snapshot with id 6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a not found!"}"#)
    #expect(SnapshotAPI.notFound(upper.id).status == 404)
  }

  @Test(arguments: [
    ("500/", "A valid integer is required."),
    ("", "A valid integer is required."),
    ("ten", "A valid integer is required."),
    ("1.5", "A valid integer is required."),
    ("1__0", "A valid integer is required."),
    ("1001", "Ensure this value is less than or equal to 1000."),
    ("99999999999999999999999", "Ensure this value is less than or equal to 1000."),
    ("-1", "Ensure this value is greater than or equal to 0."),
  ])
  func badCounts(count: String, message: String) throws {
    let failure = try error(count: count)
    #expect(failure.status == 400)
    #expect(failure.body == .object([
      ("exception", .string("ValidationError")),
      ("reason", .object([("branches_count", .array([.string(message)]))])),
    ]))
  }

  @Test func countsPythonAccepts() throws {
    for (text, value) in [("10.0", 10), (" 7 ", 7), ("1_000", 1000), ("+3", 3), ("0", 0), ("\u{661}\u{660}", 10), ("5.\n", 5)] {
      let request = try SnapshotAPI.validate(id: String(repeating: "a", count: 40), branchesFrom: nil, count: text, targetTypes: nil).get()
      #expect(request.branchesCount == value, "\(text)")
    }
    #expect(try error(count: String(repeating: "1", count: 1001)).body["reason"]?["branches_count"] == .array([.string("String value too large.")]))
  }

  @Test func badTargetTypesAndBranchesFrom() throws {
    let message = JSONValue.array([.string("Valid target type values are: content, directory, revision, release, snapshot, alias")])
    #expect(try error(types: "revision,foo").body["reason"]?["target_types"] == message)
    #expect(try error(types: "").body["reason"]?["target_types"] == message)
    #expect(try error(types: "revision,,release").body["reason"]?["target_types"] == message)
    #expect(try error(types: "dangling").body["reason"]?["target_types"] == message)
    #expect(try error(from: "").body["reason"]?["branches_from"] == .array([.string("This field may not be blank.")]))
    #expect(try error(from: " \t").body["reason"]?["branches_from"] == .array([.string("This field may not be blank.")]))
    #expect(try error(from: "a\u{0}b").body["reason"]?["branches_from"] == .array([.string("Null characters are not allowed.")]))
    let stripped = try SnapshotAPI.validate(id: String(repeating: "a", count: 40), branchesFrom: " refs/x ", count: nil, targetTypes: nil).get()
    #expect(stripped.branchesFrom == "refs/x")
    // All field errors together, in the serializer's field order, before the id check.
    let all = try error(id: "abc", from: "", count: "x", types: "nope")
    guard case .object(let fields)? = all.body["reason"] else { throw TestDataError("no reason") }
    #expect(fields.map(\.key) == ["branches_from", "branches_count", "target_types"])
  }

  @Test func yamlBodyOfTheSample() throws {
    let recorded = try SWHTestData.sample4Body()
    let yaml = String(decoding: YAMLWriter.document(recorded), as: UTF8.self)
    #expect(yaml.hasPrefix("branches:\n  refs/heads/master:\n    target: 83c20a6a63a7ebc1a549d367bc07a61b926cecf3\n"))
    #expect(yaml.hasSuffix("id: 6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a\nnext_branch: null\n"))
  }
}
