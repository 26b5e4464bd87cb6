import ArgumentParser
import FoundationEssentials
import SnapshotModel
import SnapshotStore
import JSONCore
import SnaprevCommandLine

/// `snaprev upload DIR`: store a build's screenshots, compare them with the base build.
struct UploadCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "upload",
    abstract: "Upload a directory of PNG snapshots as a new build (artifact) and compare it with its base.",
    discussion: """
      Every *.png under DIR is an image, named by its path relative to DIR. A NAME.json \
      beside NAME.png is its sidecar (display_name, group, description, diff_threshold, \
      canvas_theme, tags, and any other key, passed through). The base is the newest build \
      whose --head-sha is this build's --base-sha (same project, app id and build \
      configuration). Builds waiting for this one as their base are compared too.

      All or nothing: on bad input (over 50,000 images, an invalid PNG or sidecar, a name \
      that is absolute or contains "..", a control character or a backslash, a symlink \
      leaving DIR) nothing is stored and the error names the file.

      Prints the new artifact id on stdout (with --json, {artifactId, imageCount, ...}) and \
      a summary on stderr. \(UploadExit.table.inline)
      """)

  @Argument(help: "The directory holding the build's PNG snapshots.")
  var directory: String

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .customLong("app-id"), help: "The app id (e.g. com.example.app).")
  var appId: String?
  @Option(name: .customLong("head-sha"), help: "The commit this build was made from.")
  var headSha: String?
  @Option(name: .customLong("base-sha"), help: "The commit of the build to compare with.")
  var baseSha: String?
  @Option(name: .customLong("head-ref"), help: "The branch this build was made from.")
  var headRef: String?
  @Option(name: .customLong("base-ref"), help: "The base branch.")
  var baseRef: String?
  @Option(name: .customLong("head-repo"), help: "The repository of the head commit (owner/name).")
  var headRepo: String?
  @Option(name: .customLong("base-repo"), help: "The repository of the base commit (default: --head-repo).")
  var baseRepo: String?
  @Option(name: .long, help: "The VCS provider (e.g. github).")
  var provider: String?
  @Option(name: .long, help: "The pull request number.")
  var pr: Int?
  @Option(name: .customLong("build-config"), help: "The build configuration (e.g. Release).")
  var buildConfig: String?
  @Option(
    name: .customLong("diff-threshold"),
    help: "Changed when the share of changed pixels is greater than this, 0 <= t < 1 (default 0).")
  var diffThreshold: Double?
  @Flag(name: .long, help: "This build is a subset: base images not uploaded are skipped, not removed.")
  var selective = false
  @Option(
    name: .customLong("all-image-file-names"),
    help: ArgumentHelp(
      "With --selective: a file listing every image name of the build (JSON list or one per line).",
      valueName: "file"))
  var allImageFileNames: String?
  @Option(name: .long, help: "The project (builds are compared within one project).")
  var project: String = UploadRequest.defaultProject
  @Flag(name: .long, help: "Print {artifactId, imageCount, ...} as JSON instead of the id.")
  var json = false

  func validate() throws {
    if let pr, pr < 0 { throw ValidationError("--pr must not be negative") }
    try NonUTF8PathArgument.check(directory, argument: "<directory>")
    try NonUTF8PathArgument.check(allImageFileNames, argument: "--all-image-file-names")
  }

  func run() throws {
    var names: [String]?
    if let allImageFileNames {
      guard let data = FileManager.default.contents(atPath: allImageFileNames) else {
        throw StoreError.invalidUpload(path: allImageFileNames, reason: "cannot read the file")
      }
      names = try UploadRequest.readAllImageFileNames(Array(data), path: allImageFileNames)
    }
    let request = UploadRequest(
      directory: directory, project: project, appId: appId, buildConfiguration: buildConfig,
      vcs: VCSInfo(
        headSha: headSha, baseSha: baseSha, headRef: headRef, baseRef: baseRef, headRepoName: headRepo,
        baseRepoName: baseRepo, provider: provider, prNumber: pr),
      diffThreshold: diffThreshold, selective: selective, allImageFileNames: names)
    let result = try storeOptions.open().upload(request)
    if json {
      StoreOutput.writeStdout(JSONWriter.bytes(result.json, style: .storePretty))
    } else {
      print(result.artifactId)
    }
    let summary = result.summary
    var line = "uploaded \(result.imageCount) images (\(result.newImageCount) new) as artifact \(result.artifactId)"
    line += "; comparison: " + StoreOutput.comparison(summary.comparison)
    if let counts = summary.counts { line += "; " + StoreOutput.counts(counts) }
    line += "; approval: " + StoreOutput.approval(summary.approval)
    if !result.comparedHeadIds.isEmpty {
      line += "; also compared waiting builds " + result.comparedHeadIds.joined(separator: ", ")
    }
    CommandOutput.info(line)
  }
}

enum UploadExit {
  static let uploaded = ExitStatus(0, "uploaded")
  static let failed = ExitStatus(1, "bad input or store error")
  static let table = ExitCodeTable(uploaded, failed, .usage("usage"))
}
