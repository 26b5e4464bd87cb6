import HTTPTypes

/// An error answer: a status and a JSON body with a `detail` (Sentry's and DRF's shape).
struct HTTPFailure: Error {
  var status: HTTPResponse.Status
  var detail: String
  var headers: HTTPFields = [:]

  init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:]) {
    self.status = status
    self.detail = detail
    self.headers = headers
  }

  static func notFound(_ detail: String = "The requested resource does not exist") -> HTTPFailure {
    HTTPFailure(.notFound, detail)
  }
}
