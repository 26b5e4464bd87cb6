// Target swh_api: the Software Heritage API page parser, the page we serve back, and the
// snapshot identifier builder.
// Oracles: a page that parses and builds is served back (SnapshotAPI.respond) as a body
// that parses to the same snapshot (same identifier, same branches); the builder's
// identifier equals SnapshotIdentifier.compute over the same branches in any order.

import JSONCore
import SWHModel
import SWHWeb

@_cdecl("LLVMFuzzerTestOneInput")
public func swhAPIFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  // The first byte picks the mode, so one corpus drives both entry points.
  if let mode = bytes.first, mode & 1 == 1 {
    identifierRoundTrip(Array(bytes.dropFirst()))
  } else {
    pageRoundTrip(bytes)
  }
  return 0
}

private func pageRoundTrip(_ bytes: [UInt8]) {
  var builder = SnapshotBuilder()
  guard (try? APIPageParser.parse(bytes, into: &builder)) != nil, let list = try? builder.build() else { return }
  guard list.count <= SnapshotAPI.maximumCount else { return }
  let response = SnapshotAPI.respond(to: SnapshotRequest(id: list.id), from: list)
  let served = JSONWriter.bytes(response.body, style: .compactDRF)
  var again = SnapshotBuilder()
  do {
    _ = try APIPageParser.parse(served, into: &again)
  } catch {
    oracle(false, "served page does not parse: \(error): \(String(decoding: served, as: UTF8.self))")
  }
  guard let reread = try? again.build() else {
    oracle(false, "served page does not build")
    return
  }
  oracle(reread.id == list.id, "served page has another identifier: \(reread.id.hex) vs \(list.id.hex)")
  oracle(reread.count == list.count, "served page has \(reread.count) branches, stored \(list.count)")
  for index in 0..<list.count {
    oracle(reread.branch(at: index) == list.branch(at: index), "branch \(index) changed when served")
  }
}

/// Branches from bytes: [kind][name length][name] then a 20-byte id, an alias target
/// ([length][name]) or nothing (dangling), repeated; repeated names keep the first.
private func identifierRoundTrip(_ bytes: [UInt8]) {
  var branches = [Branch]()
  var seen = Set<[UInt8]>()
  var at = 0
  func take(_ count: Int) -> [UInt8]? {
    guard at + count <= bytes.count else { return nil }
    defer { at += count }
    return Array(bytes[at..<(at + count)])
  }
  while let header = take(2), let name = take(Int(header[1] % 32)) {
    let kind = Int(header[0] % 7)
    var target = BranchTarget.dangling
    if kind == 6 {
      guard let length = take(1), let alias = take(Int(length[0] % 32)) else { break }
      target = .alias(alias)
    } else if kind < 5 {
      guard let raw = take(20), let id = ObjectID(bytes: raw) else { break }
      target = .object(ObjectKind.allCases[kind], id)
    }
    if seen.insert(name).inserted { branches.append(Branch(name: name, target: target)) }
  }
  var builder = SnapshotBuilder()
  for branch in branches.reversed() { builder.add(branch) }
  guard let list = try? builder.build() else {
    oracle(false, "\(branches.count) branches with distinct names did not build")
    return
  }
  oracle(list.count == branches.count, "builder kept \(list.count) of \(branches.count) branches")
  oracle(list.id == SnapshotIdentifier.compute(for: branches), "builder and manifest hasher disagree")
  oracle(list.computeIdentifier() == list.id, "stored identifier is not the computed one")
  oracle(ObjectID(hex: list.id.hex) == list.id, "identifier hex does not parse back")
}
