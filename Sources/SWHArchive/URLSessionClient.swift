import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

extension HTTPClient {
  /// GET through URLSession (libcurl on Linux), waiting for the answer.
  public static func urlSession(timeout: TimeInterval = 60) -> HTTPClient {
    HTTPClient { url in
      let configuration = URLSessionConfiguration.ephemeral
      configuration.timeoutIntervalForRequest = timeout
      configuration.httpAdditionalHeaders = ["Accept": "application/json", "User-Agent": "snaprev/0.1"]
      let session = URLSession(configuration: configuration)
      defer { session.finishTasksAndInvalidate() }
      let box = ResponseBox()
      let done = DispatchSemaphore(value: 0)
      let task = session.dataTask(with: url) { data, response, error in
        if let error {
          box.result = .failure(error)
        } else if let http = response as? HTTPURLResponse {
          var headers = [String: String]()
          for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
          }
          box.result = .success(
            HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data ?? Data()), url: http.url ?? url))
        } else {
          box.result = .failure(URLError(.badServerResponse))
        }
        done.signal()
      }
      task.resume()
      done.wait()
      guard let result = box.result else { throw URLError(.unknown) }
      return try result.get()
    }
  }
}

/// Written once by the completion handler, read after the semaphore: the semaphore orders
/// the two accesses, which the compiler cannot see.
private final class ResponseBox: @unchecked Sendable {
  var result: Result<HTTPResponse, Error>?
}
