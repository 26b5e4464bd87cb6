import ArgumentParser
import Foundation
import SWHArchive
import SWHModel

/// `snaprev import FILE...` and `snaprev import --api URL SWHID`.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Store a snapshot from Software Heritage API responses (saved pages or a live API).",
    discussion: """
      With files: each FILE is one response body of GET /api/1/snapshot/<id>/ (one page); \
      together they must hold every branch. With --api: fetches the snapshot page by page, \
      following the Link: rel="next" headers, and waits when the API answers 429 with a \
      Retry-After of at most --max-wait seconds. Either way the assembled branches must hash \
      to the snapshot's identifier, or nothing is stored. Prints the SWHID.

      Exit codes:
        0   stored (or already stored; a new visit is recorded)
        1   unreadable file, unreachable API, or the store not writable
        2   rejected: malformed or error body, mixed snapshots, id mismatch
        3   the API has no such snapshot (HTTP 404)
        4   rate limited (HTTP 429) for longer than --max-wait
        64  usage error
      """)

  @Argument(help: "Page bodies to import; with --api, the SWHID (or 40 hex digits) to fetch.")
  var inputs: [String] = []

  @Option(name: .long, help: "Fetch from this API (e.g. https://archive.softwareheritage.org/api/1/).")
  var api: String?

  @Option(name: .long, help: "The origin URL to record with the visit.")
  var origin: String?

  @Option(name: .long, help: "Longest Retry-After, in seconds, to wait for after an HTTP 429.")
  var maxWait: Double = 60

  @Option(name: .long, help: "The store directory (default: $SNAPREV_STORE, else ./.snaprev).")
  var store: String?

  func validate() throws {
    if api != nil {
      guard inputs.count == 1 else { throw ValidationError("--api takes exactly one SWHID, got \(inputs.count) arguments") }
    } else if inputs.isEmpty {
      throw ValidationError("give page files to import, or --api URL SWHID")
    }
    guard maxWait.isFinite, maxWait >= 0 else { throw ValidationError("--max-wait must be a number of seconds >= 0") }
  }

  func run() throws {
    let list: BranchList
    let visitSource: ArchiveVisit.Source
    let location: String
    if let api {
      let id: ObjectID
      do {
        id = try SWHID.parseSnapshot(inputs[0], allowBareHex: true)
      } catch {
        throw ValidationError(error.description)
      }
      var fetcher = SnapshotFetcher(client: .curl(), log: { ArchiveSupport.note("import", $0) })
      fetcher.maximumWait = maxWait
      do {
        let result = try fetcher.fetch(apiBase: api, id: id)
        list = result.list
        location = result.url.absoluteString
        visitSource = .api
      } catch {
        throw ArchiveSupport.fail("import", error.description, code: Self.exitCode(error))
      }
    } else {
      list = try Self.readPages(inputs)
      location = inputs.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.joined(separator: "\n")
      visitSource = .file
    }
    do {
      let archive = ArchiveSupport.store(flag: store)
      let visit = ArchiveVisit(snapshot: list.id, origin: origin, date: ArchiveSupport.now(), source: visitSource, location: location)
      let outcome = try archive.save(list, visit: visit)
      print(SWHID.snapshot(list.id))
      ArchiveSupport.note(
        "import",
        "\(outcome.newSnapshot ? "stored" : "already stored; recorded a new visit of") \(ArchiveSupport.describe(list.counts)) in \(archive.directory)")
    } catch {
      throw ArchiveSupport.fail("import", error.description, code: 1)
    }
  }

  static func exitCode(_ error: FetchError) -> Int32 {
    switch error {
    case .network, .badURL: return 1
    case .notFound: return 3
    case .rateLimited: return 4
    case .httpStatus(_, let status, _): return status == 404 ? 3 : 1
    case .malformedPage, .pagingLoop, .foreignLink, .inconsistentPages, .identifierMismatch: return 2
    }
  }

  /// Reads saved page bodies; all must be pages of one snapshot, and together hash to it.
  static func readPages(_ paths: [String]) throws -> BranchList {
    var builder = SnapshotBuilder()
    var expected: (ObjectID, String)? = nil
    for path in paths {
      let bytes: [UInt8]
      do {
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
      } catch {
        throw ArchiveSupport.fail("import", "\(path): cannot read: \((error as NSError).localizedDescription)", code: 1)
      }
      let page: APIPage
      do {
        page = try APIPageParser.parse(bytes, into: &builder)
      } catch {
        throw ArchiveSupport.fail("import", "\(path): \(error.description)", code: 2)
      }
      if let (id, first) = expected, id != page.id {
        throw ArchiveSupport.fail(
          "import", "\(path) is a page of snapshot \(page.id.hex) but \(first) is a page of \(id.hex)", code: 2)
      }
      expected = expected ?? (page.id, path)
    }
    guard let (id, _) = expected else { throw ExitCode(1) }
    let list: BranchList
    do {
      list = try builder.build()
    } catch {
      throw ArchiveSupport.fail("import", "the pages disagree: \(error.description)", code: 2)
    }
    guard list.id == id else {
      let message = FetchError.identifierMismatch(expected: id, computed: list.id, branches: list.count).description
      throw ArchiveSupport.fail("import", message + " (are pages missing?)", code: 2)
    }
    return list
  }
}
