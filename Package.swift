// swift-tools-version: 6.0
import PackageDescription

// Layering (each arrow is "may import"):
//   snaprev → SnaprevCLI → ReviewUI, SnapshotStore, SWHArchive, CursesBackend, PNGCodec, DiffCore
//   ReviewUI → TerminalCanvas, DiffCore, SnapshotStore, SWHArchive   (pure: state, update, render)
//   BrowseUI → TerminalCanvas, SWHArchive     (pure: the branch-list browser's state, update, render)
//   CursesBackend → CursesShim → CNcursesw   (the only code that touches ncurses)
//   PNGCodec → PNGShim → CLibPNG, DiffCore   (the only code that touches libpng)
let package = Package(
  name: "snaprev",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "snaprev", targets: ["snaprev"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // System libraries, found through pkg-config.
    .systemLibrary(
      name: "CLibPNG", pkgConfig: "libpng",
      providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
    // No pkgConfig here: ncursesw.pc's cflags carry -D flags that SwiftPM
    // refuses (a build warning); the header and library are at standard paths.
    .systemLibrary(
      name: "CNcursesw",
      providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]),

    // Thin C shims: libpng reports errors with longjmp and ncurses exposes
    // macros and varargs, neither of which Swift can call safely.
    // libdeflate (header and library at standard paths) inflates 8-bit RGBA files about
    // twice as fast as libpng's zlib path; libpng decodes everything else and judges errors.
    .target(
      name: "PNGShim", dependencies: ["CLibPNG"], cSettings: [.unsafeFlags(["-O3"])],
      linkerSettings: [.linkedLibrary("deflate")]),
    .target(
      name: "CursesShim", dependencies: ["CNcursesw"],
      linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),

    // Swift libraries, one capability each.
    .target(name: "PNGCodec", dependencies: ["PNGShim", "DiffCore"]),
    .target(name: "DiffCore"),
    // Escaping of untrusted text; below everything that prints names or builds messages.
    .target(name: "TextEscaping"),
    // JSON for both stores and every JSON output: one value type, parser, pull scanner and
    // writer (escaping through TextEscaping's TerminalUnsafe).
    .target(name: "JSONCore", dependencies: ["TextEscaping"]),
    .target(name: "TerminalCanvas", dependencies: ["TextEscaping"]),
    // The screen parts both UIs share: chrome, status message, help overlay, block painting.
    .target(name: "TerminalWidgets", dependencies: ["TerminalCanvas", "DiffCore"]),
    .target(
      name: "SnapshotStore",
      dependencies: [
        "DiffCore", "PNGCodec", "TextEscaping", "JSONCore", .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(
      name: "SWHArchive",
      dependencies: ["TextEscaping", .product(name: "Crypto", package: "swift-crypto")]),
    .target(
      name: "ReviewUI",
      dependencies: ["TerminalWidgets", "TerminalCanvas", "TextEscaping", "DiffCore"]),
    .target(name: "BrowseUI", dependencies: ["TerminalWidgets", "TerminalCanvas", "TextEscaping", "SWHArchive"]),
    .target(name: "CursesBackend", dependencies: ["CursesShim", "TerminalCanvas"]),
    .target(
      name: "SnaprevCLI",
      dependencies: [
        "DiffCore", "PNGCodec", "TextEscaping", "TerminalCanvas", "TerminalWidgets", "JSONCore", "SnapshotStore", "SWHArchive",
        "ReviewUI", "BrowseUI",
        "CursesBackend",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "snaprev", dependencies: ["SnaprevCLI"]),

    // Tests. Fixtures live beside the tests (Tests/Fixtures) with their licences.
    .target(
      name: "TestSupport", dependencies: ["TerminalCanvas", "DiffCore", "PNGCodec"], path: "Tests/TestSupport",
      exclude: ["replay_server.py"]),  // the swh-web replay server the import tests run
    .testTarget(name: "PNGCodecTests", dependencies: ["PNGCodec", "TestSupport"]),
    .testTarget(name: "DiffCoreTests", dependencies: ["DiffCore", "PNGCodec", "TestSupport"]),
    .testTarget(
      name: "TerminalCanvasTests", dependencies: ["TerminalCanvas", "TerminalWidgets", "TextEscaping", "DiffCore"]),
    .testTarget(name: "TextEscapingTests", dependencies: ["TextEscaping"]),
    .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore", "TextEscaping", "TestSupport"]),
    .testTarget(
      name: "SnapshotStoreTests", dependencies: ["SnapshotStore", "JSONCore", "PNGCodec", "TestSupport"]),
    .testTarget(
      name: "ReviewUITests",
      dependencies: ["ReviewUI", "TerminalWidgets", "TerminalCanvas", "DiffCore", "TestSupport"],
      exclude: ["Goldens"]),
    .testTarget(name: "SWHArchiveTests", dependencies: ["SWHArchive", "TextEscaping", "TestSupport"]),
    .testTarget(
      name: "CLITests", dependencies: ["SnaprevCLI", "PNGCodec", "TestSupport"],
      exclude: ["Goldens"]),  // help and output goldens, and the store they are taken from
    .testTarget(
      name: "BrowseUITests", dependencies: ["BrowseUI", "TerminalCanvas", "SWHArchive", "TestSupport"],
      exclude: ["Goldens"]),
  ],
  swiftLanguageModes: [.v6]
)
