/// A window of branches in name order.
public struct BranchPage: Equatable, Sendable {
  /// Indices of the branches on the page.
  public var indices: [Int]
  /// The first matching branch after the page (the API's `next_branch`), nil at the end.
  public var next: Int?

  public init(indices: [Int], next: Int?) {
    self.indices = indices
    self.next = next
  }
}

extension BranchList {
  /// The API's paging: branches with names not less than `from`, of the given types
  /// (dangling ones dropped whenever types are given), at most `count`, plus the next one.
  public func page(from: [UInt8], count limit: Int, types: [TargetType]?) -> BranchPage {
    // A bit per kind code: a set lookup per record would dominate a sparse filter's scan.
    let mask: UInt8? = types.map { $0.reduce(0) { $0 | 1 << KindCode($1).rawValue } }
    return withRaw { raw in
      var index = from.withUnsafeBytes { raw.lowerBound($0) }
      var indices = [Int]()
      indices.reserveCapacity(min(limit, count))
      while index < count {
        if let mask, mask & (1 << raw.kind(index).rawValue) == 0 {
          index += 1
          continue
        }
        if indices.count == limit { return BranchPage(indices: indices, next: index) }
        indices.append(index)
        index += 1
      }
      return BranchPage(indices: indices, next: nil)
    }
  }
}
