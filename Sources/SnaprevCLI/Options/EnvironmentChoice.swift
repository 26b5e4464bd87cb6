import ArgumentParser
import TextEscaping

/// The rule `--graphics` and `--theme` share: the flag, else the environment variable (also
/// how `demo`, which has neither flag, is told), else the default. A value the variable
/// cannot hold is a usage error naming the variable and the choices.
enum EnvironmentChoice {
  static func resolve<Choice: RawRepresentable & CaseIterable>(
    flag: Choice?, variable: String, default fallback: Choice, environment: [String: String]
  ) throws -> Choice where Choice.RawValue == String {
    if let flag { return flag }
    guard let value = environment[variable], !value.isEmpty else { return fallback }
    guard let choice = Choice(rawValue: value) else {
      let choices = Choice.allCases.map(\.rawValue).joined(separator: ", ")
      throw ValidationError("\(variable) must be one of \(choices) (it is \"\(SafeText.escaped(value))\")")
    }
    return choice
  }
}
