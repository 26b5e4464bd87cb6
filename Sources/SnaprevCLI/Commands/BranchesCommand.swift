import ArgumentParser
import DurableFiles
import FoundationEssentials
import JSONCore
import SWHArchive
import SWHModel
import SWHWeb
import SnaprevCommandLine
import SnaprevShell

/// `snaprev branches ID`: the body of `GET /api/1/snapshot/<id>/`, served from the store.
struct BranchesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "branches",
    abstract: "Print a stored snapshot's branches exactly as GET /api/1/snapshot/<id>/ returns them.",
    discussion: """
      The options are the API's query parameters, validated as swh-web validates them: \
      --from is branches_from (inclusive, compared as bytes), --count is branches_count \
      (0 to 1000, default 1000), --target-types is target_types (content, directory, \
      revision, release, snapshot, alias; dangling branches are then left out). Errors are \
      printed as the API's error bodies. The next page starts at next_branch; --link prints \
      the Link header's URL on stderr. Output is compact JSON as swh-web sends it (control \
      characters escaped), or YAML as its YAML renderer writes it.

      \(BranchesExit.table.block)
      """)

  @Argument(help: "The snapshot: swh:1:snp:<40 hex>, the 40 hex digits, or an unambiguous prefix (as browse).")
  var id: String

  @Option(name: .customLong("from"), help: "branches_from: the first branch name to return (inclusive).")
  var branchesFrom: String?

  @Option(name: .long, help: "branches_count: how many branches, 0...1000 (default 1000).")
  var count: String?

  @Option(name: .long, help: "target_types: comma-separated types to keep.")
  var targetTypes: String?

  @Flag(name: .long, help: "Print YAML (swh-web's application/yaml rendering) instead of JSON.")
  var yaml = false

  @Option(name: .long, help: "The base of target_url and next links.")
  var baseURL: String = SnapshotAPI.defaultBaseURL

  @Flag(name: .long, help: "Also print the Link: rel=\"next\" URL on stderr when there is a next page.")
  var link = false

  @OptionGroup var storeOptions: StoreOptions

  func run() throws {
    let request: SnapshotRequest
    switch SnapshotAPI.validate(id: try resolvedID(), branchesFrom: branchesFrom, count: count, targetTypes: targetTypes) {
    case .failure(let error): throw emit(error)
    case .success(let valid): request = valid
    }
    let list: BranchList
    do {
      guard let stored = try ArchiveSupport.store(storeOptions).branchList(request.id) else {
        throw emit(SnapshotAPI.notFound(request.id))
      }
      list = stored
    } catch let error as ArchiveStoreError {
      throw CommandOutput.fail("branches", error.description, BranchesExit.unreadable)
    }
    let response = SnapshotAPI.respond(to: request, from: list, baseURL: baseURL)
    write(response.body)
    if link, let next = response.nextLink {
      StandardStream.error.write("Link: <\(next)>; rel=\"next\"\n")
    }
  }

  /// The id as given when it is a full one, else the one archived snapshot it is a prefix
  /// of, found as `browse` finds it. Text that names none is passed on as given, so the
  /// API's own 400 or 404 body answers it (unchanged); an ambiguous prefix is refused with
  /// browse's message.
  private func resolvedID() throws -> String {
    if (try? SWHID.parseSnapshot(id, allowBareHex: true)) != nil { return id }
    let archive = ArchiveSupport.store(storeOptions)
    do {
      guard let matches = try BrowseSession.snapshots(startingWith: id, in: archive), !matches.isEmpty else { return id }
      return try BrowseSession.resolve(id, in: archive).hex
    } catch {
      throw CommandOutput.fail("branches", error.description, BranchesExit.invalid)
    }
  }

  private func write(_ body: JSONValue) {
    let bytes = yaml ? YAMLWriter.document(body) : JSONWriter.bytes(body, style: .compactDRF) + [0x0A]
    StandardStream.output.write(bytes)
  }

  /// Prints the error body like a response and returns the exit code for its HTTP status.
  private func emit(_ error: APIError) -> ExitCode {
    write(error.body)
    return (error.status == 404 ? BranchesExit.notFound : BranchesExit.invalid).exit
  }
}

enum BranchesExit {
  static let printed = ExitStatus(0, "the page was printed")
  static let unreadable = ExitStatus(1, "the store could not be read")
  static let invalid = ExitStatus(2, "invalid request (the API's HTTP 400 body was printed)")
  static let notFound = ExitStatus(4, "not found (the API's HTTP 404 body was printed)")
  static let table = ExitCodeTable(printed, unreadable, invalid, notFound, .usage())
}
