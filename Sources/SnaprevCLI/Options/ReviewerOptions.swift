import ArgumentParser
import Foundation
import SnapshotModel

/// `--reviewer NAME`, shared by `review`, `browse` and `demo`.
struct ReviewerOptions: ParsableArguments {
  @Option(name: .long, help: "Who is reviewing (default: $SNAPREV_REVIEWER, else the OS user).")
  var reviewer: String?

  /// `--reviewer`, else `$SNAPREV_REVIEWER`, else the OS account (`ReviewIdentity`).
  func resolve(environment: [String: String]) -> Reviewer {
    ReviewIdentity.resolve(flag: reviewer, environment: environment)
  }
}

/// `--cache-mb N`, shared by `review` and `browse`: the decoded-image budget.
struct CacheOptions: ParsableArguments {
  @Option(name: .customLong("cache-mb"), help: "Memory for decoded images, in MB.")
  var cacheMB = 256

  func validate() throws {
    guard cacheMB >= 16 else { throw ValidationError("--cache-mb must be at least 16") }
  }

  var bytes: Int { cacheMB << 20 }
}
