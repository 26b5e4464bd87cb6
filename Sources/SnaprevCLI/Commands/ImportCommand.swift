import ArgumentParser
import DurableFiles
import FoundationEssentials
import SWHArchive
import SWHModel
import SnaprevCommandLine

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

      \(ImportExit.table.block)
      """)

  @Argument(help: "Page bodies to import; with --api, the SWHID (or 40 hex digits) to fetch.")
  var inputs: [String] = []

  @Option(name: .long, help: "Fetch from this API (e.g. https://archive.softwareheritage.org/api/1/).")
  var api: String?

  @Option(name: .long, help: "The origin URL to record with the visit.")
  var origin: String?

  @Option(name: .long, help: "Longest Retry-After, in seconds, to wait for after an HTTP 429.")
  var maxWait: Double = 60

  @OptionGroup var storeOptions: StoreOptions

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
      var fetcher = SnapshotFetcher(client: .curl(), log: { CommandOutput.note("import", $0) })
      fetcher.maximumWait = maxWait
      do {
        let result = try fetcher.fetch(apiBase: api, id: id)
        list = result.list
        location = result.url.absoluteString
        visitSource = .api
      } catch {
        throw CommandOutput.fail("import", error.description, Self.exitStatus(error))
      }
    } else {
      list = try Self.readPages(inputs)
      location = inputs.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.joined(separator: "\n")
      visitSource = .file
    }
    do {
      let archive = ArchiveSupport.store(storeOptions)
      let visit = ArchiveVisit(snapshot: list.id, origin: origin, date: ArchiveSupport.now(), source: visitSource, location: location)
      let outcome = try archive.save(list, visit: visit)
      print(SWHID.snapshot(list.id))
      CommandOutput.note(
        "import",
        "\(outcome.newSnapshot ? "stored" : "already stored; recorded a new visit of") \(ArchiveSupport.describe(list.counts)) in \(archive.directory)")
    } catch {
      throw CommandOutput.fail("import", error.description, ImportExit.failed)
    }
  }

  static func exitStatus(_ error: FetchError) -> ExitStatus {
    switch error {
    case .network, .badURL: return ImportExit.failed
    case .notFound: return ImportExit.notFound
    case .rateLimited: return ImportExit.rateLimited
    case .httpStatus(_, let status, _): return status == 404 ? ImportExit.notFound : ImportExit.failed
    case .malformedPage, .pagingLoop, .foreignLink, .inconsistentPages, .identifierMismatch: return ImportExit.rejected
    }
  }

  /// Reads saved page bodies; all must be pages of one snapshot, and together hash to it.
  static func readPages(_ paths: [String]) throws -> BranchList {
    var builder = SnapshotBuilder()
    var expected: (ObjectID, String)? = nil
    for path in paths {
      let bytes: [UInt8]
      do {
        bytes = try Files.read(path)
      } catch {
        throw CommandOutput.fail("import", "\(path): cannot read: \(error.reason)", ImportExit.failed)
      }
      let page: APIPage
      do {
        page = try APIPageParser.parse(bytes, into: &builder)
      } catch {
        throw CommandOutput.fail("import", "\(path): \(error.description)", ImportExit.rejected)
      }
      if let (id, first) = expected, id != page.id {
        throw CommandOutput.fail(
          "import", "\(path) is a page of snapshot \(page.id.hex) but \(first) is a page of \(id.hex)", ImportExit.rejected)
      }
      expected = expected ?? (page.id, path)
    }
    guard let (id, _) = expected else { throw ImportExit.failed.exit }
    let list: BranchList
    do {
      list = try builder.build()
    } catch {
      throw CommandOutput.fail("import", "the pages disagree: \(error.description)", ImportExit.rejected)
    }
    guard list.id == id else {
      let message = FetchError.identifierMismatch(expected: id, computed: list.id, branches: list.count).description
      throw CommandOutput.fail("import", message + " (are pages missing?)", ImportExit.rejected)
    }
    return list
  }
}

enum ImportExit {
  static let stored = ExitStatus(0, "stored (or already stored; a new visit is recorded)")
  static let failed = ExitStatus(1, "unreadable file, unreachable API, or the store not writable")
  static let rejected = ExitStatus(2, "rejected: malformed or error body, mixed snapshots, id mismatch")
  static let notFound = ExitStatus(3, "the API has no such snapshot (HTTP 404)")
  static let rateLimited = ExitStatus(4, "rate limited (HTTP 429) for longer than --max-wait")
  static let table = ExitCodeTable(stored, failed, rejected, notFound, rateLimited, .usage())
}
