import Foundation
import SnapshotStore
import Testing

@Suite struct TokenStoreTests {
  func store() throws -> SnapshotStore {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-tokens-\(UUID().uuidString)").path
    return SnapshotStore(root: path)
  }

  @Test func onlyTheHashIsStoredAndSecretsMatchOnce() throws {
    let store = try store()
    let (token, secret) = try store.createToken(name: "ci", scopes: [.projectWrite, .orgCI], project: "web")
    #expect(secret.hasPrefix("sntryu_") && secret.count == 7 + 64)
    let file = try String(contentsOfFile: store.root + "/tokens.json", encoding: .utf8)
    #expect(!file.contains(String(secret.dropFirst(7))))
    #expect(file.contains(TokenSecret.hash(secret)))
    let listed = try store.tokens()
    #expect(listed.map(\.name) == ["ci"] && listed[0].scopes == [.orgCI, .projectWrite] && listed[0].project == "web")
    #expect(listed[0].matches(secretHash: TokenSecret.hash(secret)))
    #expect(!listed[0].matches(secretHash: TokenSecret.hash(secret + "x")))
    #expect(token.lastUsedAt == nil)
    let (_, other) = try store.createToken(name: "reader", scopes: [.projectRead], project: nil)
    #expect(other != secret)
  }

  @Test func namesAreCheckedAndUniqueAndRevocable() throws {
    let store = try store()
    _ = try store.createToken(name: "a", scopes: [.projectRead], project: nil)
    #expect(throws: TokenStoreError.duplicateName("a")) { try store.createToken(name: "a", scopes: [.projectRead], project: nil) }
    #expect(throws: TokenStoreError.invalidName("a b")) { try store.createToken(name: "a b", scopes: [.projectRead], project: nil) }
    #expect(throws: TokenStoreError.noScope) { try store.createToken(name: "b", scopes: [], project: nil) }
    try store.revokeToken(name: "a")
    #expect(try store.tokens().isEmpty)
    #expect(throws: TokenStoreError.unknownName("a")) { try store.revokeToken(name: "a") }
  }

  @Test func lastUseIsRecorded() throws {
    let store = try store()
    _ = try store.createToken(name: "a", scopes: [.projectRead], project: nil)
    let when = Date(timeIntervalSince1970: 2_000_000_000)
    try store.recordTokenUse(["a": when])
    #expect(try store.tokens()[0].lastUsedAt == when)
  }

  @Test func constantTimeCompareNeedsEqualLengths() {
    #expect(TokenSecret.constantTimeEqual([1, 2, 3], [1, 2, 3]))
    #expect(!TokenSecret.constantTimeEqual([1, 2, 3], [1, 2, 4]))
    #expect(!TokenSecret.constantTimeEqual([1, 2], [1, 2, 3]))
  }
}
