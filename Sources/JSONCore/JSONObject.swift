import TextEscaping

/// A JSON object's members, in one of two orders:
/// - sorted by key in code-point order with unique keys (`isSortedByCodePoint`): the snapshot
///   store's files. Lookups binary-search and the writer needs no sort. Objects in store
///   files have a dozen keys, so a sorted array beats a hash table: no hashing when parsing
///   50,000 of them.
/// - in the order given (`init(ordered:)`, or an array literal of pairs): API bodies, where
///   the order is part of the format.
///
/// A dictionary literal has no order, so it comes out sorted; an array literal of
/// `(key, value)` pairs has one, so it is kept.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
  /// One member: a key and its value.
  public typealias Member = (key: String, value: JSONValue)

  public private(set) var members: [Member]
  /// Whether `members` are sorted by code point with no key twice.
  public private(set) var isSortedByCodePoint: Bool

  /// An empty object (sorted: there is nothing to order).
  public init() {
    members = []
    isSortedByCodePoint = true
  }

  /// Sorted by code point.
  public init(_ dictionary: [String: JSONValue]) {
    members = dictionary.map { (key: $0.key, value: $0.value) }.sorted { CodePoint.precedes($0.key, $1.key) }
    isSortedByCodePoint = true
  }

  /// Sorted by code point; a repeated key keeps its last value.
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self.init()
    for (key, value) in elements { self[key] = value }
  }

  /// Members in the order given (written in that order; lookups find the first match).
  public init(ordered members: [(key: String, value: JSONValue)]) {
    self.members = members
    isSortedByCodePoint = members.isEmpty
  }

  /// Members in the order written: `[("id", …), ("branches", …)]`.
  public init(arrayLiteral members: (key: String, value: JSONValue)...) {
    self.init(ordered: members)
  }

  /// From members the caller already has sorted by code point with no key twice (the
  /// parser checks both; the store's writers list literal keys in order, which saves a sort
  /// per object on 50,000-image documents). Checked in debug builds.
  public init(sortedUnique members: [(key: String, value: JSONValue)]) {
    assert(zip(members, members.dropFirst()).allSatisfy { CodePoint.precedes($0.key, $1.key) }, "members not sorted")
    self.members = members
    isSortedByCodePoint = true
  }

  public var count: Int { members.count }
  public var isEmpty: Bool { members.isEmpty }
  public var keys: [String] { members.map(\.key) }

  public var dictionary: [String: JSONValue] {
    Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  /// The same members sorted by code point; of a repeated key the first is kept, as lookups do.
  public func sortedByCodePoint() -> JSONObject {
    if isSortedByCodePoint { return self }
    let order = members.indices.sorted { a, b in
      members[a].key == members[b].key ? a < b : CodePoint.precedes(members[a].key, members[b].key)
    }
    var sorted: [(key: String, value: JSONValue)] = []
    sorted.reserveCapacity(members.count)
    for index in order where sorted.last?.key != members[index].key { sorted.append(members[index]) }
    return JSONObject(sortedUnique: sorted)
  }

  /// Binary search; the position where `key` is or would be inserted.
  private func position(of key: String) -> (index: Int, found: Bool) {
    var low = 0
    var high = members.count
    while low < high {
      let middle = (low + high) / 2
      let candidate = members[middle].key
      if candidate == key { return (middle, true) }
      if CodePoint.precedes(candidate, key) { low = middle + 1 } else { high = middle }
    }
    return (low, false)
  }

  private func firstIndex(of key: String) -> Int? {
    members.firstIndex { $0.key == key }
  }

  public subscript(key: String) -> JSONValue? {
    get {
      // A dozen members: equality (cheap for short keys) beats ordered comparisons.
      if members.count <= 16 || !isSortedByCodePoint {
        for member in members where member.key == key { return member.value }
        return nil
      }
      let (index, found) = position(of: key)
      return found ? members[index].value : nil
    }
    set {
      guard isSortedByCodePoint else {
        switch (firstIndex(of: key), newValue) {
        case (let index?, let value?): members[index].value = value
        case (let index?, nil): members.remove(at: index)
        case (nil, let value?): members.append((key: key, value: value))
        case (nil, nil): break
        }
        return
      }
      let (index, found) = position(of: key)
      switch (found, newValue) {
      case (true, let value?): members[index].value = value
      case (true, nil): members.remove(at: index)
      case (false, let value?): members.insert((key: key, value: value), at: index)
      case (false, nil): break
      }
    }
  }

  public func filter(_ isIncluded: ((key: String, value: JSONValue)) -> Bool) -> JSONObject {
    var copy = self
    copy.members = members.filter(isIncluded)
    return copy
  }

  public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
    members.makeIterator()
  }

  /// Same members in the same order.
  public static func == (a: JSONObject, b: JSONObject) -> Bool {
    a.members.count == b.members.count
      && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }
}
