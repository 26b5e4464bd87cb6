import ArgumentParser
import FoundationEssentials
import SnapshotModel
import SnapshotStore
import SnaprevCommandLine

/// `snaprev token create|list|revoke`: the API tokens `snaprev serve` accepts.
struct TokenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token",
    abstract: "Create, list and revoke the API tokens of `snaprev serve`.",
    discussion: """
      Tokens are stored in the store (tokens.json) as SHA-256 hashes only: the secret is \
      printed once, alone on the last line of `create`'s output. Scopes are Sentry's: \
      org:ci, project:read, project:write, project:admin, project:releases. Any scope \
      reads snapshot details, images and Software Heritage pages; uploading needs \
      project:write, org:ci or project:admin.

      \(TokenExit.table.inline)
      """,
    subcommands: [Create.self, List.self, Revoke.self])

  struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token and print its secret once.")

    @Option(name: .long, help: "A name for the token (A-Z a-z 0-9 . _ -, at most 64).")
    var name: String

    @Option(name: .long, help: "A scope (repeat for several): org:ci, project:read, project:write, project:admin, project:releases.")
    var scope: [String] = []

    @Option(name: .long, help: "Restrict the token to one project.")
    var project: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      var scopes = [TokenScope]()
      for text in scope {
        guard let parsed = TokenScope(rawValue: text) else {
          throw ValidationError(
            "unknown scope \(StoreOutput.safe(text)); scopes are \(TokenScope.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        scopes.append(parsed)
      }
      let store = storeOptions.open()
      let created: (token: APIToken, secret: String)
      do {
        created = try store.createToken(name: name, scopes: scopes, project: project)
      } catch {
        throw CommandOutput.fail("token", error.description, TokenExit.failed)
      }
      print("created token \(created.token.name) (\(created.token.scopes.map(\.rawValue).joined(separator: " "))\(created.token.project.map { ", project \(StoreOutput.safe($0))" } ?? "")); the secret is shown only now:")
      print(created.secret)
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens: name, scopes, project, created, last used.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      let tokens = try storeOptions.open().tokens()
      if tokens.isEmpty { print("no tokens") }
      for token in tokens {
        print(
          [
            token.name, token.scopes.map(\.rawValue).joined(separator: ","),
            "project " + StoreOutput.safe(token.project), "created " + Timestamp.format(token.createdAt),
            "last used " + (token.lastUsedAt.map(Timestamp.format) ?? "never"),
          ].joined(separator: "  "))
      }
    }
  }

  struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by name (takes effect at once).")

    @Argument(help: "The token's name.")
    var name: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      do {
        try storeOptions.open().revokeToken(name: name)
      } catch {
        throw CommandOutput.fail("token", error.description, TokenExit.failed)
      }
      print("revoked token \(StoreOutput.safe(name))")
    }
  }
}

enum TokenExit {
  static let done = ExitStatus(0, "done")
  static let failed = ExitStatus(1, "store error, name taken or unknown token")
  static let table = ExitCodeTable(done, failed, .usage("usage"))
}
